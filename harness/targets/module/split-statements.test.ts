import Database from 'better-sqlite3'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { splitStatements } from './split-statements.ts'

describe('splitStatements', () => {
  test('splits at top-level semicolons, keeping each statement as written', () => {
    expect(
      splitStatements(
        "CREATE TABLE a (x TEXT DEFAULT ';');\n-- a ; comment\nINSERT INTO a VALUES ('b;c'); /* ; */ SELECT 1",
      ),
    ).toEqual([
      "CREATE TABLE a (x TEXT DEFAULT ';');",
      "\n-- a ; comment\nINSERT INTO a VALUES ('b;c');",
      ' /* ; */ SELECT 1',
    ])
  })

  test('keeps a trigger body, CASE ... END included, in one statement', () => {
    const trigger = `CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN
  UPDATE a SET x = CASE WHEN new.x = ';' THEN 'semi' ELSE new.x END;
  INSERT INTO "b;" VALUES (1);
END;`
    expect(splitStatements(`${trigger}\nSELECT 2;`)).toEqual([trigger, '\nSELECT 2;'])
  })

  test('drops empty statements and trailing comments', () => {
    expect(splitStatements(';;  -- nothing\n /* nor here */')).toEqual([])
  })

  test('every migration of the reference app splits into statements that SQLite runs to the same schema', () => {
    const dir = path.resolve(import.meta.dirname, '../../../app/migrations')
    const whole = new Database(':memory:')
    const split = new Database(':memory:')
    for (const file of readdirSync(dir).sort()) {
      const sql = readFileSync(path.join(dir, file), 'utf8')
      whole.exec(sql)
      for (const statement of splitStatements(sql)) split.exec(statement)
      expect(splitStatements(sql).length, file).toBeGreaterThan(0)
    }
    const schema = (db: Database.Database) =>
      db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()
    expect(schema(split)).toEqual(schema(whole))
  })
})
