import { existsSync, rmSync, statSync } from 'node:fs'
import { readDatabaseHeader } from './read-header.ts'

/**
 * A read-only connection to a WAL database still creates its `-wal` and `-shm` files, and cannot delete
 * them on close. Reading must leave the folder as it was: hold this while the connection is open, and
 * on dispose it removes the side files the read created (an empty `-wal`: nothing was written).
 *
 * @example
 * using _sideFiles = leaveNoSideFiles(dbPath)
 * const db = new Database(dbPath, { readonly: true })
 */
export function leaveNoSideFiles(dbPath: string): Disposable {
  const wal = `${dbPath}-wal`
  const shm = `${dbPath}-shm`
  const isWal = readDatabaseHeader(dbPath)?.wal ?? false
  const hadWal = existsSync(wal)
  const hadShm = existsSync(shm)
  return {
    [Symbol.dispose]() {
      if (!isWal || hadWal || !existsSync(wal) || statSync(wal).size > 0) return
      rmSync(wal, { force: true })
      if (!hadShm) rmSync(shm, { force: true })
    },
  }
}
