package com.verenc.kms.node.async;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed stage failed with, without the wrappers that futures put around it. */
public final class Failures {
  private Failures() {}

  /** The first cause that is not a {@link CompletionException} or {@link ExecutionException}. */
  public static Throwable cause(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
