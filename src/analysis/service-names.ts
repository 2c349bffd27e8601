/**
 * Service names ("https", "dns", ...) as small numbers, so a table row keeps 16 bits instead of
 * a string. The names come from the decoders' port and content tables: a short, fixed list.
 */
/** 0 is "no service"; numbers fit the 16 bits a row keeps. */
const MAX_NAMES = 0xffff;

export class ServiceNames {
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly names: string[] = [''];

  /** The number of `name` (0 for '' or when the list is full). */
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.names.length > MAX_NAMES) return 0;
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  name(id: number): string {
    return this.names[id] ?? '';
  }
}
