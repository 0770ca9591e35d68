package dev.parley.platform.files;

import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.tika.Tika;

/**
 * Files over HTTP, for chat and ticket attachments alike: types sniffed from the content (Tika's
 * magic detection, never the uploader's claim), uploads read up to a limit, and downloads that a
 * browser never renders as a page.
 */
public final class Downloads {

  private static final Tika TIKA = new Tika();

  private Downloads() {}

  /** The media type of the content, sniffed from its bytes only. */
  public static String sniff(byte[] content) {
    return TIKA.detect(content);
  }

  /**
   * Reads an upload of at most {@code limit} bytes.
   *
   * @return the bytes, or null when the upload is larger than the limit
   */
  public static byte[] read(InputStream in, long limit) throws IOException {
    byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    return bytes.length > limit ? null : bytes;
  }

  /**
   * The file, typed as sniffed: {@code nosniff}, a sandboxing CSP, and {@code attachment}
   * disposition except for images shown inline.
   */
  public static Response download(
      byte[] content, String contentType, String fileName, String etag) {
    boolean image = contentType.startsWith("image/") && !contentType.contains("svg");
    String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
    String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
    return Response.ok(content, contentType)
        .header(
            "Content-Disposition",
            (image ? "inline" : "attachment")
                + "; filename=\""
                + ascii
                + "\"; filename*=UTF-8''"
                + encoded)
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; sandbox")
        .header("Cache-Control", "private, max-age=3600")
        .header("ETag", "\"" + etag + "\"")
        .build();
  }
}
