// Prints the report scale bench figures: npx tsx bench/report-scale-cli.ts [--records 50000] [--models 5] [--dir d]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runReportScaleBench } from './report-scale.ts';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '50000' },
    models: { type: 'string', default: '5' },
    dir: { type: 'string', default: join(tmpdir(), 'beval-report-bench') },
  },
});
const result = await runReportScaleBench({ records: Number(values.records), models: Number(values.models), dir: values.dir! });
console.log(JSON.stringify(result, null, 2));
console.log(`report written to ${join(values.dir!, 'report.html')}`);
