package com.verenc.kms.node.http;

import java.nio.charset.StandardCharsets;

/**
 * Follows HTTP/1.1 request framing on a connection's inbound bytes just far enough to know where
 * each request head begins and ends, framing requests the way Pekko HTTP's parser does.
 *
 * <p>A head runs from its first byte to the blank line that ends it; the body is then
 * Content-Length bytes, or chunked, or nothing. Lines end at LF with or without CR, header lines
 * may be folded, a Content-Length or Transfer-Encoding value Pekko cannot read is ignored, as Pekko
 * ignores it. Where the framing becomes something Pekko rejects (broken chunks, two different
 * lengths, chunked with a length), tracking is {@link #lost()}: Pekko answers those and closes the
 * connection itself. Bytes are scanned once, in place, with no allocation.
 */
final class RequestFraming {
  private static final int BETWEEN = 0; // before the first byte of a request
  private static final int REQUEST_LINE = 1;
  private static final int LINE_START =
      2; // at the first byte of a header line or of the blank line
  private static final int LINE_CR = 3; // a header line began with CR: the blank line if LF follows
  private static final int NAME =
      4; // in a name that may still be Content-Length or Transfer-Encoding
  private static final int SKIP_LINE = 5; // in a header line of no interest, up to its LF
  private static final int VALUE = 6; // in a Content-Length or Transfer-Encoding value
  private static final int BODY = 7;
  private static final int CHUNK_SIZE = 8;
  private static final int CHUNK_SIZE_CR = 9;
  private static final int CHUNK_EXTENSION = 10;
  private static final int CHUNK_DATA = 11;
  private static final int CHUNK_DATA_END = 12;
  private static final int CHUNK_DATA_CR = 13;
  private static final int TRAILER_START = 14;
  private static final int TRAILER_CR = 15;
  private static final int TRAILER_LINE = 16;
  private static final int LOST = 17;

  private static final byte[] CONTENT_LENGTH = ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] CHUNKED = ascii("chunked");
  // Pekko caps a longer Content-Length at this value rather than refusing it.
  private static final long LENGTH_CAP = 999_999_999_999_999_999L;

  // How far a Content-Length or Transfer-Encoding value has been read: Pekko trims the value
  // (every byte up to space) and then wants digits, or the word "chunked", and nothing else.
  private static final int LEADING = 0;
  private static final int WORD = 1;
  private static final int TRAILING = 2;
  private static final int OTHER = 3;
  private static final int MAX_EXACT_DIGITS = 18;

  private int state = BETWEEN;
  private int headStart = -1;

  private byte[] name; // the header name being matched, then the header whose value is read
  private int namePosition;
  private int valueState;
  private int valueLength; // digits of a Content-Length, or letters of "chunked" matched
  private long valueDigits;

  private long contentLength = -1;
  private boolean chunked;
  private long remaining; // body or chunk bytes still to come
  private int sizeCharacters; // of the chunk-size line so far

  /** Follows {@code length} more bytes of the connection, {@code bytes[from]} first. */
  void feed(byte[] bytes, int from, int length) {
    headStart = -1;
    int end = from + length;
    int i = from;
    while (i < end) {
      switch (state) {
        case BETWEEN -> {
          headStart = i - from;
          state = REQUEST_LINE;
        }
        case REQUEST_LINE -> {
          i = lineEnd(bytes, i, end);
          if (i < end) {
            state = LINE_START;
            i++;
          }
        }
        case LINE_START -> i = lineStart(bytes[i], i);
        case LINE_CR -> {
          if (bytes[i] != '\n') {
            state = LOST; // Pekko refuses a header line starting with a lone CR
            return;
          }
          headEnd();
          i++;
        }
        case NAME -> i = name(bytes[i], i);
        case SKIP_LINE -> {
          i = lineEnd(bytes, i, end);
          if (i < end) {
            state = LINE_START;
            i++;
          }
        }
        case VALUE -> {
          byte b = bytes[i++];
          if (b == '\n') {
            state = LINE_START; // the value ends unless the next line is folded into it
          } else {
            value(b);
          }
        }
        case BODY -> {
          int taken = (int) Math.min(remaining, end - i);
          i += taken;
          remaining -= taken;
          if (remaining == 0) {
            state = BETWEEN;
          }
        }
        case CHUNK_SIZE -> i = chunkSize(bytes[i], i);
        case CHUNK_SIZE_CR -> {
          if (bytes[i++] != '\n') {
            state = LOST;
            return;
          }
          chunkLineEnd();
        }
        case CHUNK_EXTENSION -> {
          i = lineEnd(bytes, i, end);
          if (i < end) {
            chunkLineEnd();
            i++;
          }
        }
        case CHUNK_DATA -> {
          int taken = (int) Math.min(remaining, end - i);
          i += taken;
          remaining -= taken;
          if (remaining == 0) {
            state = CHUNK_DATA_END;
          }
        }
        case CHUNK_DATA_END, CHUNK_DATA_CR -> {
          byte b = bytes[i++];
          if (b == '\n') {
            startChunk();
          } else if (b == '\r' && state == CHUNK_DATA_END) {
            state = CHUNK_DATA_CR;
          } else {
            state = LOST;
            return;
          }
        }
        case TRAILER_START -> {
          byte b = bytes[i++];
          state = b == '\n' ? BETWEEN : b == '\r' ? TRAILER_CR : TRAILER_LINE;
        }
        case TRAILER_CR -> {
          if (bytes[i++] != '\n') {
            state = LOST;
            return;
          }
          state = BETWEEN;
        }
        case TRAILER_LINE -> {
          i = lineEnd(bytes, i, end);
          if (i < end) {
            state = TRAILER_START;
            i++;
          }
        }
        default -> {
          return; // LOST
        }
      }
    }
  }

  /** Whether the bytes so far end inside a request head. */
  boolean inHead() {
    return state >= REQUEST_LINE && state <= VALUE;
  }

  /**
   * Where, in the bytes last fed, the head they end inside began; -1 when it began earlier (or when
   * they do not end inside a head).
   */
  int headStart() {
    return inHead() ? headStart : -1;
  }

  /** Whether the bytes so far end exactly between two requests. */
  boolean betweenRequests() {
    return state == BETWEEN;
  }

  /** Whether the framing became something Pekko HTTP refuses; nothing is followed after that. */
  boolean lost() {
    return state == LOST;
  }

  private static int lineEnd(byte[] bytes, int from, int end) {
    int i = from;
    while (i < end && bytes[i] != '\n') {
      i++;
    }
    return i;
  }

  private int lineStart(byte b, int i) {
    if (b == ' ' || b == '\t') {
      // A folded line continues the header above it (Pekko reads it as one space more).
      if (name != null) {
        state = VALUE;
        value((byte) ' ');
      } else {
        state = SKIP_LINE;
      }
      return i + 1;
    }
    headerEnd();
    if (state == LOST) {
      return i;
    }
    if (b == '\n') {
      headEnd();
    } else if (b == '\r') {
      state = LINE_CR;
    } else {
      byte lower = lower(b);
      name = lower == 'c' ? CONTENT_LENGTH : lower == 't' ? TRANSFER_ENCODING : null;
      namePosition = 1;
      state = name == null ? SKIP_LINE : NAME;
    }
    return i + 1;
  }

  private int name(byte b, int i) {
    if (namePosition == name.length) {
      if (b == ':') {
        state = VALUE;
        valueState = LEADING;
        valueLength = 0;
        valueDigits = 0;
        return i + 1;
      }
    } else if (lower(b) == name[namePosition]) {
      namePosition++;
      return i + 1;
    }
    name = null;
    state = SKIP_LINE;
    return i; // the line end, if this is it, is found by SKIP_LINE
  }

  /** One byte of a Content-Length or Transfer-Encoding value. */
  private void value(byte b) {
    if ((b & 0xFF) <= ' ') {
      if (valueState == WORD) {
        valueState = name == CONTENT_LENGTH || valueLength == CHUNKED.length ? TRAILING : OTHER;
      }
    } else if (valueState > WORD) {
      valueState = OTHER;
    } else if (name == CONTENT_LENGTH && b >= '0' && b <= '9') {
      valueState = WORD;
      valueLength++;
      valueDigits = valueDigits * 10 + (b - '0'); // meaningful only up to MAX_EXACT_DIGITS digits
    } else if (name == TRANSFER_ENCODING
        && valueLength < CHUNKED.length
        && lower(b) == CHUNKED[valueLength]) {
      valueState = WORD;
      valueLength++;
    } else {
      valueState = OTHER;
    }
  }

  /** The header line above ended for good (the next line is not folded into it). */
  private void headerEnd() {
    boolean readable = valueState == WORD || valueState == TRAILING;
    if (name == CONTENT_LENGTH && readable) {
      long length = valueLength > MAX_EXACT_DIGITS ? LENGTH_CAP : valueDigits;
      if (contentLength >= 0 && contentLength != length) {
        state = LOST; // Pekko refuses two different lengths
      }
      contentLength = length;
    } else if (name == TRANSFER_ENCODING && readable && valueLength == CHUNKED.length) {
      if (chunked) {
        state = LOST; // Pekko refuses chunked twice
      }
      chunked = true;
    }
    name = null;
  }

  private void headEnd() {
    if (chunked && contentLength >= 0) {
      state = LOST; // Pekko refuses a chunked request with a length
    } else if (chunked) {
      startChunk();
    } else if (contentLength > 0) {
      remaining = contentLength;
      state = BODY;
    } else {
      state = BETWEEN;
    }
    contentLength = -1;
    chunked = false;
  }

  private void startChunk() {
    state = CHUNK_SIZE;
    remaining = 0;
    sizeCharacters = 0;
  }

  /** One byte of a chunk-size line; Pekko also lets blanks in, anywhere before its end. */
  private int chunkSize(byte b, int i) {
    int digit = hexDigit(b);
    boolean started = sizeCharacters > 0;
    if (digit >= 0) {
      remaining = remaining * 16 + digit;
      if (remaining > Integer.MAX_VALUE) {
        state = LOST; // Pekko refuses such chunks
        return i;
      }
    } else if (b == ';' && started) {
      state = CHUNK_EXTENSION;
    } else if (b == '\r' && started) {
      state = CHUNK_SIZE_CR;
    } else if (b == '\n' && started) {
      chunkLineEnd();
    } else if (b != ' ' && b != '\t') {
      state = LOST;
      return i;
    }
    sizeCharacters++;
    return i + 1;
  }

  private void chunkLineEnd() {
    state = remaining > 0 ? CHUNK_DATA : TRAILER_START;
  }

  private static int hexDigit(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    byte lower = lower(b);
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
