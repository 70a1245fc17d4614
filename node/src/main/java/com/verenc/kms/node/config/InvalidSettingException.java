package com.verenc.kms.node.config;

/** A node setting is missing or wrong; the message names the setting and what to fix. */
public final class InvalidSettingException extends RuntimeException {
  public InvalidSettingException(String message) {
    super(message);
  }
}
