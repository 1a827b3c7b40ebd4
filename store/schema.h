// The store's schema, as an ordered list of migrations recorded in the `schema_version` table.
#pragma once

#include "core/status.h"
#include "store/sqlite_db.h"

namespace newsfacts {

// The newest schema version this build knows. Version 1 is the first released schema; 2 adds facts.first_published.
inline constexpr int kLatestSchemaVersion = 3;

// MAX(version) of `schema_version`, or 0 when the table does not exist (a new, empty database).
Result<int> ReadSchemaVersion(Database& db);

// Brings the database to kLatestSchemaVersion, applying each missing migration in order inside one
// write transaction. Refuses a database newer than this build and a SQLite file that holds other
// tables but no `schema_version` (not a newsfacts database). `target_version` below the latest
// stops early (tests build older databases with it).
Status MigrateSchema(Database& db, int target_version = kLatestSchemaVersion);

// For read-only use: the database must be at exactly kLatestSchemaVersion.
Status CheckSchemaVersion(Database& db);

}  // namespace newsfacts
