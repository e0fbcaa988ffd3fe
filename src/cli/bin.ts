import { EXIT } from "./exit-codes.js";
import { run } from "./main.js";
import { watchOutput } from "./pipe.js";

watchOutput(process.stdout, process.stderr, (code) => process.exit(code));
run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
}, () => {
  process.exitCode = EXIT.failure;
});
