package com.verenc.kms.node.api;

import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;

/**
 * The API suite on a fresh PostgreSQL database (skipped without PostgreSQL, except under CI=true).
 */
class PostgresKmsApiTest extends KmsApiSuite {
  @Override
  protected TestDatabase database(Path dir) {
    return TestDatabase.freshPostgres(dir);
  }
}
