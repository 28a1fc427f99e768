/**
 * The tune split only: `node out/test/eval/tune.js [peer…] [--real]` lists the tune split's missed secrets and
 * flagged clean cases, with their texts, so a change to the gate can be decided without ever loading a case of the
 * test split (the cases are filtered before the gate runs). `--real` also scans real code and prints the files
 * restricted beyond the reviewed true positives. The texts are the peers' fabricated examples.
 */
import { evaluateTuneSplit } from './support/tuneSplit';

const args = process.argv.slice(2);
const peers = args.filter(a => !a.startsWith('--'));
for (const line of evaluateTuneSplit({ peers, realCode: args.includes('--real') })) {
  console.log(line);
}
