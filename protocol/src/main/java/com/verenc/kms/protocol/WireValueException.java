package com.verenc.kms.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A member value our own deserializers refused. Its message is written for the caller and is shown
 * as is; Jackson adds the member path while the exception travels up.
 */
final class WireValueException extends JsonMappingException {

  WireValueException(JsonParser parser, String message) {
    super(parser, message);
  }
}
