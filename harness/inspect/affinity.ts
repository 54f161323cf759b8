import type { ColumnModel } from './model.ts'

/** The affinity SQLite gives a declared type (https://sqlite.org/datatype3.html, section 3.1). */
export function affinityOf(declaredType: string): ColumnModel['affinity'] {
  const type = declaredType.toUpperCase()
  if (type.includes('INT')) return 'INTEGER'
  if (type.includes('CHAR') || type.includes('CLOB') || type.includes('TEXT')) return 'TEXT'
  if (type.includes('BLOB') || type === '') return 'BLOB'
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return 'REAL'
  return 'NUMERIC'
}
