package com.verenc.kms.node.api;

import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;

/** Restart on a fresh PostgreSQL database. */
class PostgresRestartTest extends RestartSuite {
  @Override
  protected TestDatabase database(Path dir) {
    return TestDatabase.freshPostgres(dir);
  }
}
