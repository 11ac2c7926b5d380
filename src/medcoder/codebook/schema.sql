-- The medcoder codebook: one immutable SQLite file, rebuilt whole by `medcoder codebook build`.
-- Importers write through codebook/writer.py; readers use codebook/query.py.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per official file (or package-carried file) that went into this build.
CREATE TABLE sources (
    name        TEXT PRIMARY KEY,          -- e.g. 'icd10cm-tabular'
    title       TEXT NOT NULL,             -- e.g. 'ICD-10-CM Tabular List (CDC/NCHS)'
    version     TEXT NOT NULL,             -- e.g. 'FY2026 April 1 update'
    effective   TEXT,                      -- ISO date the release takes effect
    location    TEXT NOT NULL,             -- file path or package resource it was read from
    sha256      TEXT NOT NULL,
    records     INTEGER NOT NULL,
    copyright   TEXT NOT NULL DEFAULT ''   -- copyright line to show beside the text
);

-- Every code of every system, headers included. `code` is the display form (dotted for ICD-10-CM and
-- ICD-9), `code_key` the undotted upper-case form users may type.
CREATE TABLE codes (
    system      TEXT NOT NULL,             -- icd10cm, icd10pcs, hcpcs, hcpcs-modifier, cpt, icd9cm, icd9pcs
    code        TEXT NOT NULL,
    code_key    TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- chapter, block, category, subcategory, code, section, body-system, table
    title       TEXT NOT NULL,             -- official (long) description
    short_title TEXT,
    parent      TEXT,                      -- display code of the parent in the same system
    billable    INTEGER NOT NULL,          -- 1 = valid for claims
    depth       INTEGER NOT NULL,          -- 0 at the top of the system's hierarchy
    seq         INTEGER NOT NULL,          -- order in the official file
    source      TEXT NOT NULL REFERENCES sources(name),
    attributes  TEXT NOT NULL DEFAULT '{}', -- JSON: system-specific facts (HCPCS dates, PCS axes, ...)
    plain       TEXT,                      -- generated plain-language description (labelled as generated)
    PRIMARY KEY (system, code)
);
CREATE INDEX codes_by_key ON codes(code_key);
CREATE INDEX codes_by_parent ON codes(system, parent, seq);

-- Instructional notes where they were declared; inheritance is resolved at query time by walking
-- ancestors, so each note keeps its declaring code.
CREATE TABLE notes (
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,             -- declaring code (chapter number, block range or code)
    kind        TEXT NOT NULL,             -- includes, inclusion_term, excludes1, excludes2, code_first,
                                           -- use_additional_code, code_also, note, seventh_character_note
    text        TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    lead_in     TEXT                       -- the words opening the list the note is an item of:
                                           -- 'code, if applicable, to identify:' (not a note itself)
);
CREATE INDEX notes_by_code ON notes(system, code);

-- 7th-character definitions, declared on a category or subcategory and applying to its descendants.
CREATE TABLE seventh_characters (
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,             -- declaring code
    character   TEXT NOT NULL,
    meaning     TEXT NOT NULL,
    PRIMARY KEY (system, code, character)
);

-- GEMs and other code-to-code maps, with the official flags.
CREATE TABLE crosswalks (
    from_system TEXT NOT NULL,
    from_code   TEXT NOT NULL,
    to_system   TEXT NOT NULL,
    to_code     TEXT,                      -- NULL when the GEM says "no map"
    approximate INTEGER NOT NULL,
    no_map      INTEGER NOT NULL,
    combination INTEGER NOT NULL,
    scenario    INTEGER NOT NULL,
    choice_list INTEGER NOT NULL,
    source      TEXT NOT NULL REFERENCES sources(name)
);
CREATE INDEX crosswalks_from ON crosswalks(from_system, from_code);
CREATE INDEX crosswalks_to ON crosswalks(to_system, to_code);

-- ICD-10-CM Alphabetic Index, Neoplasm Table, Table of Drugs and Chemicals, External Cause Index, and
-- the ICD-10-PCS Index (index_name 'pcs': `code` a prefix such as '0DTJ', `see` 'Resection, Appendix').
-- `path` joins the term with its ancestors: "Infarction, myocardium, acute".
CREATE TABLE index_terms (
    id          INTEGER PRIMARY KEY,
    index_name  TEXT NOT NULL,             -- diseases, neoplasm, drugs, external-cause, pcs
    parent_id   INTEGER,
    level       INTEGER NOT NULL,
    term        TEXT NOT NULL,
    path        TEXT NOT NULL,
    nonessential TEXT,                     -- nonessential modifiers in parentheses
    code        TEXT,                      -- display code as printed (may end in '-': incomplete)
    column_name TEXT,                      -- for the tables: e.g. 'Malignant Primary', 'Adverse effect'
                                           -- 'manifestation': a code printed in brackets, [I43]
    see         TEXT,
    see_also    TEXT,
    source      TEXT NOT NULL REFERENCES sources(name)
);
CREATE INDEX index_terms_by_code ON index_terms(code);
CREATE INDEX index_terms_by_parent ON index_terms(parent_id);
CREATE INDEX index_terms_by_term ON index_terms(index_name, level, term COLLATE NOCASE); -- main terms (codebook/index.py)

-- ICD-10-PCS axis definitions (root operations, approaches, body parts, devices, ...).
CREATE TABLE pcs_definitions (
    section     TEXT NOT NULL,             -- section character, e.g. '0'
    axis        INTEGER NOT NULL,          -- character position 1-7
    axis_title  TEXT NOT NULL,             -- e.g. 'Operation', 'Approach'
    term        TEXT NOT NULL,             -- e.g. 'Excision'
    definition  TEXT NOT NULL,
    explanation TEXT,
    includes    TEXT,                      -- JSON list of "includes" examples
    source      TEXT NOT NULL REFERENCES sources(name)
);
CREATE INDEX pcs_definitions_by_term ON pcs_definitions(section, axis, term);

-- === Billing rules (issue 4): NCCI PTP edits, MUEs, PFS indicators, POS, coverage documents, MS-DRG ===
-- CPT code numbers themselves live in `codes` (system 'cpt'): titled from a licensed AMA file when the
-- user imported one, else "descriptor requires AMA license" (source 'cpt-numbers').

-- NCCI procedure-to-procedure edits, one row per line of the CMS files (a pair can appear twice:
-- a retired row and an active one). Millions of rows: the source is implied by the setting
-- ('ncci-ptp-' || setting) and the few rationale texts are numbered in ptp_rationales.
CREATE TABLE ptp_edits (
    setting            TEXT NOT NULL,      -- practitioner, outpatient-hospital
    column_one         TEXT NOT NULL,
    column_two         TEXT NOT NULL,
    prior_1996         INTEGER NOT NULL,   -- 1 = '*' (in existence prior to 1996)
    effective          TEXT NOT NULL,      -- ISO date
    deleted            TEXT,               -- ISO date (last day the edit applies); NULL = active
    modifier_indicator TEXT NOT NULL,      -- 0 not allowed, 1 allowed, 9 not applicable
    rationale          INTEGER NOT NULL REFERENCES ptp_rationales(id)
);
CREATE TABLE ptp_rationales (
    id                 INTEGER PRIMARY KEY,
    text               TEXT NOT NULL UNIQUE -- e.g. 'Mutually exclusive procedures'
);
-- Indexes by column 1 and by column 2: created by importers/ncci_ptp.py once the rows are in.

-- NCCI Medically Unlikely Edits. The file carries no dates: its effective date is the source's.
CREATE TABLE mues (
    setting            TEXT NOT NULL,      -- practitioner, outpatient-hospital, dme-supplier
    code               TEXT NOT NULL,
    mue_value          INTEGER NOT NULL,
    adjudication_indicator INTEGER NOT NULL, -- 1 line edit, 2 date of service (policy), 3 date of service (clinical)
    rationale          TEXT NOT NULL,
    source             TEXT NOT NULL REFERENCES sources(name),
    PRIMARY KEY (code, setting)
);

-- Medicare Physician Fee Schedule indicators (PPRRVU), one row per code and modifier (blank, 26, TC, 53).
CREATE TABLE fee_schedule (
    code               TEXT NOT NULL,
    modifier           TEXT NOT NULL,      -- '' for the global service
    status             TEXT NOT NULL,
    work_rvu           REAL,
    nonfacility_pe_rvu REAL,
    facility_pe_rvu    REAL,
    mp_rvu             REAL,
    pctc               TEXT NOT NULL,
    global_days        TEXT NOT NULL,
    multiple_procedure TEXT NOT NULL,
    bilateral_surgery  TEXT NOT NULL,
    assistant_surgery  TEXT NOT NULL,
    co_surgeons        TEXT NOT NULL,
    team_surgery       TEXT NOT NULL,
    source             TEXT NOT NULL REFERENCES sources(name),
    PRIMARY KEY (code, modifier)
);

CREATE TABLE places_of_service (
    code               TEXT PRIMARY KEY,   -- two digits
    name               TEXT NOT NULL,
    effective          TEXT,               -- ISO date, where known
    source             TEXT NOT NULL REFERENCES sources(name)
);

-- LCDs and Articles from the Medicare Coverage Database document list (no code lists in it).
-- A document is listed once per contractor group, so a display id can occur more than once.
CREATE TABLE coverage_documents (
    display_id         TEXT NOT NULL,      -- L36668, A52458
    document_type      TEXT NOT NULL,      -- LCD, Article
    version            INTEGER NOT NULL,
    title              TEXT NOT NULL,
    contractors        TEXT NOT NULL,
    effective          TEXT,               -- ISO date
    retired            TEXT,               -- ISO date; NULL = not retired
    updated            TEXT,
    note               TEXT NOT NULL,
    url                TEXT NOT NULL,
    source             TEXT NOT NULL REFERENCES sources(name)
);
CREATE INDEX coverage_documents_by_id ON coverage_documents(display_id);

-- MS-DRG definitions (CMS Table 5), CC/MCC lists (Tables 6I/6J) and CC exclusions (Table 6K).
CREATE TABLE ms_drgs (
    drg                TEXT PRIMARY KEY,   -- three digits
    title              TEXT NOT NULL,
    mdc                TEXT,               -- '01'..'25' or PRE; NULL for 998/999
    drg_type           TEXT,               -- SURG, MED; NULL for 998/999
    weight             REAL,               -- NULL for 998/999 (no weight published)
    geometric_los      REAL,
    arithmetic_los     REAL,
    source             TEXT NOT NULL REFERENCES sources(name)
);
CREATE TABLE major_diagnostic_categories (
    mdc                TEXT PRIMARY KEY,
    title              TEXT NOT NULL
);
CREATE TABLE complication_levels (
    code               TEXT PRIMARY KEY,   -- ICD-10-CM display code
    level              TEXT NOT NULL,      -- CC, MCC
    pdx_collection     TEXT,               -- Table 6K collection of principal diagnoses that cancel it
    discharged_alive_only INTEGER NOT NULL, -- 1 = counts only if the patient was discharged alive (6K part 2)
    source             TEXT NOT NULL REFERENCES sources(name)
);
CREATE TABLE cc_exclusions (
    pdx_collection     TEXT NOT NULL,
    principal_code     TEXT NOT NULL,      -- ICD-10-CM display code
    PRIMARY KEY (pdx_collection, principal_code)
);

-- Search (codebook/search_index.py fills these last, from everything above). One entry per text that
-- leads a coder to a code: titles, inclusion terms, Alphabetic Index paths (with "see" references
-- followed to the code they end at) and HCPCS short descriptions.
CREATE TABLE search_entries (
    id          INTEGER PRIMARY KEY,
    system      TEXT NOT NULL,
    code        TEXT NOT NULL,
    origin      TEXT NOT NULL,             -- title, short_title, inclusion_term, index, index_see
    text        TEXT NOT NULL,             -- the words a query should match
    modifiers   TEXT NOT NULL DEFAULT '',  -- nonessential modifiers: may match, never required
    billable    INTEGER NOT NULL,
    stems       TEXT NOT NULL,             -- search_words.stem of the text's words, space-separated,
    modifier_stems TEXT NOT NULL,          -- and of the modifiers': what the ranking compares
    negated_stems TEXT NOT NULL,           -- stems the text or the code's title says are absent
    residual    INTEGER NOT NULL           -- 1: the code's title is an "other" / NEC category
);
CREATE VIRTUAL TABLE search_text USING fts5(
    text, modifiers, content = 'search_entries', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'                         -- type-ahead: "pn", "pne" answered from their own index
);
-- Every word of the search entries, and each word with one character deleted, for typo correction.
CREATE TABLE search_words (
    word        TEXT PRIMARY KEY,
    frequency   INTEGER NOT NULL
) WITHOUT ROWID;
-- Each index term's code family (codebook/search_families.py), by the sorted stems of its path.
CREATE TABLE search_families (
    stems       TEXT PRIMARY KEY,
    family      TEXT NOT NULL,             -- leading characters of the code keys: 'E11', 'T410X'
    shared_stems TEXT NOT NULL,            -- stems every title in the family has
    split_stems TEXT NOT NULL              -- the term's stems some of the family's titles have, not all
) WITHOUT ROWID;
-- Stems the code sets use for one another (codebook/search_aligned.py), both ways round.
CREATE TABLE search_aligned (
    stem        TEXT NOT NULL,
    aligned     TEXT NOT NULL,
    PRIMARY KEY (stem, aligned)
) WITHOUT ROWID;
-- Each ICD-10-CM header's billable code titled as the header plus ", unspecified" (search_codes.py):
-- a header found first is preceded by it (search.py).
CREATE TABLE search_unspecified (
    header      TEXT PRIMARY KEY,          -- display code: 'M32'
    code        TEXT NOT NULL              -- 'M32.9'
) WITHOUT ROWID;
CREATE INDEX search_entries_by_code ON search_entries(code);  -- family candidates (search_families.py)
CREATE TABLE search_word_deletions (
    deletion    TEXT NOT NULL,
    word        TEXT NOT NULL,
    PRIMARY KEY (deletion, word)
) WITHOUT ROWID;
