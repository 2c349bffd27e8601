/**
 * Country and organisation (AS number) of an address, offline: special ranges are named first
 * (special-ranges.ts), then the country and ASN sources answer (geo-sources.ts: the shipped tables,
 * or the user's own mmdb files). Answers are interned, so a lookup after warm-up allocates nothing
 * and a flow keeps a shared, frozen object. Construction never throws: what is missing is listed
 * in `problems` (once, with the fix) and its answers stay unknown.
 */
import { SCOPE_LABELS, embeddedIpv4, specialScope4, specialScope6, type SpecialScope } from './special-ranges.js';
import { parseIpv4, parseIpv6 } from './ip-text.js';
import {
  mmdbAsns,
  mmdbCountries,
  shippedAsns,
  shippedCountries,
  type AsnSource,
  type CountrySource,
  type GeoProblem,
} from './geo-sources.js';

export interface GeoAnswer {
  /** 'public', or the special range the address is in. */
  readonly scope: SpecialScope | 'public';
  /** ISO 3166-1 alpha-2 country code, '' when special or not known. */
  readonly country: string;
  /** AS number, 0 when special or not known. */
  readonly asn: number;
  /** The AS's organisation, '' when not known. */
  readonly org: string;
  /** What to show where a country goes: the code, the range's name ("your network"), or 'unknown'. */
  readonly label: string;
}

export interface GeoOptions {
  /** A MaxMind / IPinfo / ip-location-db mmdb to take countries from instead of the built-in data. */
  countryMmdb?: string;
  /** A MaxMind ASN / IPinfo mmdb to take AS numbers and organisations from. */
  asnMmdb?: string;
}

export const UNKNOWN_LABEL = 'unknown';

const NO_ANSWER: GeoAnswer = Object.freeze({ scope: 'public', country: '', asn: 0, org: '', label: UNKNOWN_LABEL });
const SPECIAL: Record<SpecialScope, GeoAnswer> = Object.fromEntries(
  Object.entries(SCOPE_LABELS).map(([scope, label]) => [
    scope,
    Object.freeze({ scope, country: '', asn: 0, org: '', label }),
  ]),
) as Record<SpecialScope, GeoAnswer>;

const COUNTRY_SLOTS = 1024;
const MAX_ANSWERS = 200_000;

export class GeoResolver {
  readonly problems: GeoProblem[] = [];
  private readonly countries: CountrySource | null;
  private readonly asns: AsnSource | null;
  private readonly answers = new Map<number, GeoAnswer>();

  constructor(opts: GeoOptions = {}) {
    this.countries = this.pick(opts.countryMmdb ? mmdbCountries(opts.countryMmdb) : null, shippedCountries);
    this.asns = this.pick(opts.asnMmdb ? mmdbAsns(opts.asnMmdb) : null, shippedAsns);
  }

  private pick<T extends object>(chosen: T | GeoProblem | null, shipped: () => T | GeoProblem): T | null {
    if (chosen && !('hint' in chosen)) return chosen;
    if (chosen) this.problems.push(chosen);
    const s = shipped();
    if ('hint' in s) {
      if (!this.problems.some((p) => p.code === s.code)) this.problems.push(s);
      return null;
    }
    return s;
  }

  /** Names of the sources in use ('' for one that is missing). */
  get sources(): { country: string; asn: string } {
    return { country: this.countries?.name ?? '', asn: this.asns?.name ?? '' };
  }

  /** IPv4 as an unsigned 32-bit number. */
  lookup4(ip: number): GeoAnswer {
    const scope = specialScope4(ip);
    if (scope) return SPECIAL[scope];
    return this.answer(this.countries?.country4(ip) ?? 0, this.asns?.asn4(ip) ?? 0);
  }

  /** IPv6 as four big-endian words (IPv4-mapped and NAT64 addresses answer for their IPv4 address). */
  lookup6(w0: number, w1: number, w2: number, w3: number): GeoAnswer {
    const v4 = embeddedIpv4(w0, w1, w2, w3);
    if (v4 >= 0) return this.lookup4(v4);
    const scope = specialScope6(w0, w1, w2, w3);
    if (scope) return SPECIAL[scope];
    return this.answer(this.countries?.country6(w0, w1, w2, w3) ?? 0, this.asns?.asn6(w0, w1, w2, w3) ?? 0);
  }

  /** An address as text; anything that is not an address answers 'unknown'. */
  lookup(text: string): GeoAnswer {
    const v4 = parseIpv4(text);
    if (v4 >= 0) return this.lookup4(v4);
    const w = parseIpv6(text);
    return w ? this.lookup6(w[0], w[1], w[2], w[3]) : NO_ANSWER;
  }

  private answer(countryId: number, asnId: number): GeoAnswer {
    if (countryId === 0 && asnId === 0) return NO_ANSWER;
    const key = asnId * COUNTRY_SLOTS + (countryId < COUNTRY_SLOTS ? countryId : 0);
    let a = this.answers.get(key);
    if (!a) {
      const country = this.countries?.code(countryId) ?? '';
      a = Object.freeze({
        scope: 'public' as const,
        country,
        asn: this.asns?.asnNumber(asnId) ?? 0,
        org: this.asns?.org(asnId) ?? '',
        label: country || UNKNOWN_LABEL,
      });
      if (this.answers.size >= MAX_ANSWERS) this.answers.clear(); // bounded: real traffic meets far fewer
      this.answers.set(key, a);
    }
    return a;
  }
}
