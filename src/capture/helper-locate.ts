/**
 * Where netlens-capture (the capture helper, native/netlens_capture.c) and the script that gives
 * it its rights are. The helper: NETLENS_CAPTURE_HELPER when set; the copy inside the installed
 * app (NETLENS_RESOURCES, which the desktop app sets; not inside an AppImage, whose read-only
 * image cannot carry file capabilities); the one node-gyp built beside the sources; the
 * system-wide copy that setup-capture-helper.sh --install-to puts in /usr/local/lib/netlens.
 * Linux and macOS only: on Windows capture goes through Npcap in-process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HELPER_NAME = 'netlens-capture';
export const HELPER_ENV = 'NETLENS_CAPTURE_HELPER';
/** The installed app's resources folder (Electron's process.resourcesPath), set by the desktop app. */
export const RESOURCES_ENV = 'NETLENS_RESOURCES';
/** The group whose members may run the helper (packaging/linux/setup-capture-helper.sh creates it). */
export const HELPER_GROUP = 'netlens';
/** Where setup-capture-helper.sh --install-to puts a copy for an AppImage or a clone. */
export const SYSTEM_HELPER_DIR = '/usr/local/lib/netlens';
const SETUP_SCRIPT = 'setup-capture-helper.sh';

/** Where a built or installed helper may be, most specific first. */
export function helperCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const rel = `native/build/Release/${HELPER_NAME}`;
  const fromEnv = env[HELPER_ENV];
  const resources = env[RESOURCES_ENV];
  return [
    ...(fromEnv ? [fromEnv] : []),
    ...(resources && !env.APPIMAGE ? [`${resources}/${HELPER_NAME}`] : []),
    fileURLToPath(new URL(`./${rel}`, import.meta.url)),
    // dist/src/capture/ -> src/capture/
    fileURLToPath(new URL(`../../../src/capture/${rel}`, import.meta.url)),
    `${SYSTEM_HELPER_DIR}/${HELPER_NAME}`,
  ];
}

/** The helper's path, or null when there is none (not built, or Windows). */
export function findHelper(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | null {
  if (platform === 'win32') return null;
  // a helper named explicitly is the one meant, even when it is missing (doctor says so)
  if (env[HELPER_ENV]) return env[HELPER_ENV];
  return helperCandidates(env).find((p) => existsSync(p)) ?? null;
}

/** packaging/linux/setup-capture-helper.sh: in the installed app's resources, or in the clone. */
export function setupScriptPath(env: NodeJS.ProcessEnv = process.env): string {
  const resources = env[RESOURCES_ENV];
  if (resources) return `${resources}/linux/${SETUP_SCRIPT}`;
  const inClone = [
    fileURLToPath(new URL(`../../packaging/linux/${SETUP_SCRIPT}`, import.meta.url)),
    fileURLToPath(new URL(`../../../packaging/linux/${SETUP_SCRIPT}`, import.meta.url)),
  ];
  return inClone.find((p) => existsSync(p)) ?? inClone[0];
}

/**
 * The one command that gives the helper its rights on Linux (what the .deb and .rpm run when they
 * install). Inside an AppImage it installs a copy to /usr/local/lib/netlens first.
 */
export function helperSetupCommand(helperPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const script = setupScriptPath(env);
  const install = env.APPIMAGE ? ` --install-to ${SYSTEM_HELPER_DIR}` : '';
  return `sudo "${script}"${install} "${helperPath}"`;
}
