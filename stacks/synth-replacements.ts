/**
 * The cdktf and constructs internals this project replaces in the process, each with a function that
 * gives the same results and does less work (each module says what it replaces and how it is tested):
 * the token walk (`token-resolve.ts`), cdktf's per-resource attribute helpers (`cdktf-util.ts`) and
 * constructs' `node.path` (`construct-path-cache.ts`). One list, installed by `SingleResolveApp` (every
 * `npm run synth` / `cdktf deploy`) and by the jest setup (every test synthesizes as the app does).
 */
import { installCdktfUtil } from "./cdktf-util";
import { installConstructPathCache } from "./construct-path-cache";
import { installTokenResolve } from "./token-resolve";

/** Installs every replacement (idempotent). */
export function installSynthReplacements(): void {
  installTokenResolve();
  installConstructPathCache();
  installCdktfUtil();
}
