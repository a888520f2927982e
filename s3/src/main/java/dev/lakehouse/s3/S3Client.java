package dev.lakehouse.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A small path-style S3 client on the JDK HttpClient, so neither the operator nor the tests need an
 * AWS SDK.
 */
public final class S3Client {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final long MAX_SINGLE_PUT = 5L << 30;

  private final URI endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public S3Client(String endpoint, String region, String accessKey, String secretKey) {
    this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public void createBucket(String bucket) {
    send("PUT", bucket, "", "", new byte[0]);
  }

  public void putObject(String bucket, String key, byte[] content) {
    send("PUT", bucket, key, "", content);
  }

  /**
   * Uploads a file in one PUT (S3 takes up to 5 GiB that way), streamed from disk and signed with
   * its SHA-256, so a result far larger than the heap never sits in memory.
   */
  public void putFile(String bucket, String key, Path file, String contentType) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (size > MAX_SINGLE_PUT) {
      throw new IllegalArgumentException(
          "s3://" + bucket + "/" + key + ": " + size + " bytes is more than one PUT takes (5 GiB)");
    }
    HttpRequest.BodyPublisher body;
    try {
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    // A minute per 100 MiB on top of the base: slow links must not time out a large upload.
    Duration timeout = REQUEST_TIMEOUT.plusMinutes(size / (100L << 20));
    send(
        "PUT",
        bucket,
        key,
        "",
        body,
        SigV4.sha256Hex(file),
        Map.of("content-type", contentType),
        timeout);
  }

  public byte[] getObject(String bucket, String key) {
    return send("GET", bucket, key, "", new byte[0]);
  }

  /** All keys under {@code prefix}, in S3's order, following continuation tokens. */
  public List<String> listKeys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> query = new TreeMap<>();
      query.put("list-type", "2");
      query.put("prefix", prefix);
      if (token != null) {
        query.put("continuation-token", token);
      }
      StringBuilder rawQuery = new StringBuilder();
      query.forEach(
          (name, value) ->
              rawQuery
                  .append(rawQuery.length() == 0 ? "" : "&")
                  .append(SigV4.encode(name, false))
                  .append('=')
                  .append(SigV4.encode(value, false)));
      Document page = parse(send("GET", bucket, "", rawQuery.toString(), new byte[0]));
      NodeList found = page.getElementsByTagName("Key");
      for (int i = 0; i < found.getLength(); i++) {
        keys.add(found.item(i).getTextContent());
      }
      NodeList next = page.getElementsByTagName("NextContinuationToken");
      boolean truncated = "true".equals(text(page, "IsTruncated"));
      token = truncated && next.getLength() > 0 ? next.item(0).getTextContent() : null;
    } while (token != null);
    return keys;
  }

  private byte[] send(String method, String bucket, String key, String rawQuery, byte[] body) {
    return send(
        method,
        bucket,
        key,
        rawQuery,
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body),
        SigV4.sha256Hex(body),
        Map.of(),
        REQUEST_TIMEOUT);
  }

  private byte[] send(
      String method,
      String bucket,
      String key,
      String rawQuery,
      HttpRequest.BodyPublisher body,
      String payloadHash,
      Map<String, String> headers,
      Duration timeout) {
    String rawPath = "/" + SigV4.encode(bucket, false) + "/" + SigV4.encode(key, true);
    if (key.isEmpty()) {
      rawPath = "/" + SigV4.encode(bucket, false);
    }
    URI uri = endpoint.resolve(rawPath.substring(1) + (rawQuery.isEmpty() ? "" : "?" + rawQuery));
    Map<String, String> signed = new TreeMap<>(headers);
    // HttpClient derives Host from the URI; the signature must cover exactly that value.
    signed.put("host", uri.getRawAuthority());
    signed.put("x-amz-date", ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE));
    signed.put("x-amz-content-sha256", payloadHash);
    String authorization =
        SigV4.authorization(
            method, rawPath, rawQuery, signed, payloadHash, region, accessKey, secretKey);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", authorization)
            .method(method, body);
    signed.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            request.header(name, value);
          }
        });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + uri + " interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method
              + " "
              + uri
              + " answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  private static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (Exception e) {
      throw new IllegalStateException("unreadable S3 listing", e);
    }
  }

  private static String text(Document document, String tag) {
    NodeList nodes = document.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }
}
