-- Full-text search over notes. External content: the index keeps no second copy of the text,
-- the triggers keep it in step with notes, and 'rebuild' indexes the notes that already exist.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
  content,
  content = 'notes',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER notes_fts_after_insert AFTER INSERT ON notes BEGIN
  INSERT INTO notes_fts (rowid, content) VALUES (new.id, new.content);
END;

CREATE TRIGGER notes_fts_after_delete AFTER DELETE ON notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;

CREATE TRIGGER notes_fts_after_update AFTER UPDATE ON notes BEGIN
  INSERT INTO notes_fts (notes_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO notes_fts (rowid, content) VALUES (new.id, new.content);
END;

INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
