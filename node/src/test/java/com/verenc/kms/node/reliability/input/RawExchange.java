package com.verenc.kms.node.reliability.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for bytes no HTTP client would send. Every wait is
 * bounded: a server that does not answer in time is reported as a hang, never waited for.
 */
final class RawExchange {
  private RawExchange() {}

  /** What came back: the status, headers (lower-case names) and body; status 0 when nothing did. */
  record Answer(int status, Map<String, String> headers, byte[] body, String failure) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    boolean answered() {
      return status > 0;
    }
  }

  /**
   * Sends {@code head}, then {@code body} (after a 100 Continue when the head asked for one), and
   * reads the answer. The body is written from another thread, so a server that answers before
   * reading it all (as it should for a body it refuses) cannot deadlock the exchange.
   */
  static Answer send(int port, byte[] head, byte[] body, Duration timeout) {
    boolean expectContinue =
        new String(head, StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT)
            .contains("expect: 100-continue");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      out.write(head);
      out.flush();
      if (expectContinue) {
        Answer interim = readAnswer(in, true);
        if (interim.status() != 100) {
          return interim;
        }
      }
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(body);
                  out.flush();
                } catch (IOException refusedMidway) {
                  // The server answered and closed before taking the whole body: its answer is what
                  // counts.
                }
              },
              "raw-exchange-writer");
      writer.setDaemon(true);
      writer.start();
      Answer answer = readAnswer(in, true);
      writer.join(timeout.toMillis());
      return answer;
    } catch (SocketTimeoutException e) {
      return new Answer(
          0, Map.of(), new byte[0], "no answer within " + timeout.toMillis() + " ms (hang)");
    } catch (IOException e) {
      return new Answer(0, Map.of(), new byte[0], "connection failed without an answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Answer readAnswer(InputStream in, boolean withBody) throws IOException {
    String statusLine = readLine(in);
    if (statusLine == null) {
      return new Answer(0, Map.of(), new byte[0], "connection closed without an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    if (!withBody || status == 100) {
      return new Answer(status, headers, new byte[0], null);
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headers, body, null);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int length = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (length == 0) {
        readLine(in);
        return body.toByteArray();
      }
      body.write(in.readNBytes(length));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return line.toString().replace("\r", "");
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }
}
