import type { ResolvedEnvironment } from "../resolve";
import type { Report } from "./report";

/**
 * Outside dev, pipelines and jobs run as the environment's own service principal: never as the
 * deployer (who owns everything), and never as a principal another environment also uses (it would
 * carry that environment's grants, e.g. dev's pipelines reading with prod's rights).
 */
export function checkRunAs(env: ResolvedEnvironment, taken: Map<string, string>, report: Report): void {
  const p = env.pipelines;
  if (!p) return;
  const principal = p.runAsServicePrincipal;
  if (principal === undefined) {
    if (env.stage !== "dev") {
      report(
        "pipelines.runAsServicePrincipal",
        `is required outside dev (stage ${env.stage}): the pipeline and its jobs must run as this environment's service principal, not as the deployer; give its application id (a lowercase UUID)`,
      );
    }
    return;
  }
  const owner = taken.get(principal);
  if (owner !== undefined) {
    report(
      "pipelines.runAsServicePrincipal",
      `'${principal}' is also the run-as principal of environments.${owner}; each environment needs its own service principal, so one environment's pipelines cannot use another's grants`,
    );
  } else {
    taken.set(principal, env.id);
  }
}
