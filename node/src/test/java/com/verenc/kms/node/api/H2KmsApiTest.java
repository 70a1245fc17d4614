package com.verenc.kms.node.api;

import com.verenc.kms.node.testkit.TestDatabase;
import java.nio.file.Path;

/** The API suite on the embedded H2 database. */
class H2KmsApiTest extends KmsApiSuite {
  @Override
  protected TestDatabase database(Path dir) {
    return TestDatabase.h2(dir);
  }
}
