import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check: GET the URL, exit 0 on a 2xx answer, 1 otherwise.
 *
 * <p>Plain JDK so the image needs no curl or wget (eclipse-temurin images have dropped curl before).
 * Compiled in the Docker build; {@code deploy-checks} compiles and runs it against a real HTTP server.
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: healthcheck <url>");
            System.exit(2);
        }
        System.exit(check(args[0]));
    }

    static int check(String url) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return 0;
            }
            System.err.println(url + " answered " + response.statusCode() + ": " + response.body());
            return 1;
        } catch (Exception e) {
            System.err.println(url + " unreachable: " + e);
            return 1;
        }
    }
}
