import { compareDataOffThread } from '../data/compare-data-off-thread.ts'
import { renderDataComparison, tableDiffers } from '../data/render-data-comparison.ts'
import { count } from './summarize.ts'
import type { Check } from './types.ts'

/**
 * `data-preserved`: every row of the snapshot is still there with its values, for every table and column
 * that exists before and after, unless the config allows that loss or change. The comparison runs inside
 * SQLite (ATTACH and EXCEPT), so memory stays flat however large the snapshot; tables whose pages the
 * upgrade did not touch are known the same from their bytes.
 */
export const dataPreservedCheck: Check = {
  name: 'data-preserved',
  async run({ config, original, upgraded }) {
    const comparison = await compareDataOffThread(original.dbPath, upgraded, {
      allowLoss: config.data.allowLoss,
      allowChange: config.data.allowChange,
      volatile: config.data.volatile,
    })
    const lines = renderDataComparison(comparison)
    if (!comparison.ok) {
      // The first table's line, and how many more differ: the report's detail lists them all.
      const others = comparison.tables.filter(tableDiffers).length - 1
      const first = lines.split('\n')[0] ?? 'data differs'
      const message = others > 0 ? `${first} (and ${count(others, 'more table')})` : first
      return { status: 'fail', message, details: comparison }
    }
    return { status: 'pass', message: lines.split('\n')[0] ?? 'every row preserved', details: comparison }
  },
}
