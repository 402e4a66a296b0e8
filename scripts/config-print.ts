/**
 * `npm run config:print [-- --config <file>]`: validates the config every command would use (the same
 * `--config`, `LAKEHOUSE_CONFIG`, `lakehouse.config.{yaml,yml,json}` lookup) and prints it resolved, as
 * YAML, with each value the config does not write marked `# default`.
 */
import { ConfigValidationError, describeConfigLocation, loadConfig, readConfigSource } from "../config";
import { renderEffectiveConfig } from "../config/print";

function main(): number {
  let source;
  try {
    source = readConfigSource();
    const resolved = loadConfig(source.input);
    process.stdout.write(renderEffectiveConfig(source, resolved));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    if (source) console.error(describeConfigLocation(source));
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main();
