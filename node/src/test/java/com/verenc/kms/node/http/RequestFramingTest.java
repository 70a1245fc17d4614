package com.verenc.kms.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where request heads begin and end on a connection, however its bytes are split into reads: bodies
 * (by length or chunked, extensions and trailers included) never count as heads, and framing Pekko
 * HTTP refuses is given up on.
 */
class RequestFramingTest {
  private static final String GET = "GET /health HTTP/1.1\r\nHost: kms\r\n\r\n";

  /** A connection's bytes, with the spans that are request heads. */
  private static final class Wire {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<int[]> heads = new ArrayList<>();

    Wire head(String head) {
      heads.add(new int[] {bytes.size(), bytes.size() + head.length()});
      return raw(head);
    }

    Wire raw(String text) {
      bytes.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
      return this;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }

    /** The head that byte {@code index} belongs to but does not end, or null. */
    int[] unfinishedHeadAt(int index) {
      for (int[] head : heads) {
        if (index >= head[0] && index < head[1] - 1) {
          return head;
        }
      }
      return null;
    }
  }

  /** Feeds the bytes in two reads at every split point, and one byte at a time. */
  private static void assertHeadsFoundAtEverySplit(Wire wire) {
    byte[] all = wire.bytes();
    for (int split = 1; split < all.length; split++) {
      RequestFraming framing = new RequestFraming();
      // The first read sits at an offset in a larger array, as a slice of a buffer might.
      byte[] padded = new byte[split + 3];
      System.arraycopy(all, 0, padded, 3, split);
      framing.feed(padded, 3, split);
      int[] open = wire.unfinishedHeadAt(split - 1);
      String where = "split at " + split;
      assertFalse(framing.lost(), where);
      assertEquals(open != null, framing.inHead(), where);
      assertEquals(open == null ? -1 : open[0], framing.headStart(), where);
      framing.feed(all, split, all.length - split);
      assertFalse(framing.inHead(), where);
      assertTrue(framing.betweenRequests(), where);
      assertEquals(-1, framing.headStart(), where);
    }
    RequestFraming framing = new RequestFraming();
    for (int i = 0; i < all.length; i++) {
      framing.feed(all, i, 1);
      int[] open = wire.unfinishedHeadAt(i);
      String where = "byte " + i + " '" + (char) all[i] + "'";
      assertEquals(open != null, framing.inHead(), where);
      assertEquals(open != null && open[0] == i ? 0 : -1, framing.headStart(), where);
    }
    assertTrue(framing.betweenRequests());
  }

  private static RequestFraming fedAtOnce(String text) {
    RequestFraming framing = new RequestFraming();
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    framing.feed(bytes, 0, bytes.length);
    return framing;
  }

  @Test
  void aHeadSplitAtAnyByteIsFoundWhole() {
    assertHeadsFoundAtEverySplit(new Wire().head(GET));
  }

  @Test
  void aContentLengthBodyIsNotAHeadEvenWhenItLooksLikeOne() {
    String body = "{\"a\":\"\r\n\r\nGET / HTTP/1.1\r\n\r\n\"}";
    assertHeadsFoundAtEverySplit(
        new Wire()
            .head(
                "POST / HTTP/1.1\r\nHost: kms\r\ncontent-LENGTH:  "
                    + body.length()
                    + " \r\nX: y\r\n\r\n")
            .raw(body)
            .head(GET));
  }

  @Test
  void chunkedBodiesWithExtensionsAndTrailersAreNotHeads() {
    assertHeadsFoundAtEverySplit(
        new Wire()
            .head("POST / HTTP/1.1\r\nHost: kms\r\nTransfer-Encoding:  Chunked\r\n\r\n")
            .raw("5;name=value\r\nhello\r\n")
            .raw("C\r\n\r\n\r\nPOST / x\r\n")
            .raw(" 1 \r\n\n\r\n")
            .raw("0;last\r\nTrailer-One: 1\r\nTrailer-Two: 2\r\n\r\n")
            .head(GET)
            .head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            .raw("0\r\n\r\n"));
  }

  @Test
  void pipelinedRequestsInOneReadEndBetweenRequests() {
    RequestFraming framing =
        fedAtOnce(GET + "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}" + GET);
    assertTrue(framing.betweenRequests());
    assertFalse(framing.inHead());
  }

  @Test
  void aReadEndingInTheNextHeadReportsWhereItBegan() {
    String whole = GET + "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
    RequestFraming framing = fedAtOnce(whole + "GET / HT");
    assertTrue(framing.inHead());
    assertEquals(whole.length(), framing.headStart());
  }

  @Test
  void bareLineFeedsAndFoldedLinesFrameAsPekkoReadsThem() {
    assertHeadsFoundAtEverySplit(
        new Wire()
            .head("POST / HTTP/1.1\nHost: kms\nContent-Length:\n  3\n\n")
            .raw("abc")
            .head("POST / HTTP/1.1\r\nX-Folded: a\r\n b\r\nContent-Length: 1\r\n\t\r\n\r\n")
            .raw("z")
            .head(GET));
  }

  @Test
  void aContentLengthPekkoCannotReadIsIgnoredAsPekkoIgnoresIt() {
    for (String value : List.of("abc", "-1", "1e3", "0x10", "", "12, 13", "5 5", "5\r\n 6")) {
      RequestFraming framing =
          fedAtOnce("POST / HTTP/1.1\r\nContent-Length: " + value + "\r\n\r\n");
      assertTrue(framing.betweenRequests(), value);
    }
    // More than 18 digits: Pekko takes the largest length it knows, so the body never ends here.
    assertFalse(
        fedAtOnce("POST / HTTP/1.1\r\nContent-Length: 0000000000000000001\r\n\r\n" + GET)
            .betweenRequests());
    assertTrue(
        fedAtOnce("POST / HTTP/1.1\r\nContent-Length: 000000000000000001\r\n\r\nx")
            .betweenRequests());
  }

  @Test
  void aTransferEncodingOtherThanChunkedFramesNoBody() {
    for (String value : List.of("gzip", "chunked, gzip", "chunkedx", "chun ked", "")) {
      RequestFraming framing =
          fedAtOnce("POST / HTTP/1.1\r\nTransfer-Encoding: " + value + "\r\n\r\n");
      assertTrue(framing.betweenRequests(), value);
    }
  }

  @Test
  void framingPekkoRefusesIsGivenUp() {
    String chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n";
    for (String text :
        List.of(
            chunked + "\r\nzz\r\n",
            chunked + "\r\n\r\n",
            chunked + "\r\n3\r\nabcX",
            chunked + "\r\nffffffffff\r\n",
            chunked + "Content-Length: 3\r\n\r\n",
            chunked + "Transfer-Encoding: chunked\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            "POST / HTTP/1.1\r\n\rX\r\n\r\n")) {
      RequestFraming framing = fedAtOnce(text);
      assertTrue(framing.lost(), text);
      assertFalse(framing.inHead(), text);
    }
    assertFalse(
        fedAtOnce("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc").lost());
  }
}
