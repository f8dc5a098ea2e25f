package xyz.pura.app;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code pura up}: start everything and run until stopped. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length == 0 ? "up" : args[0];
        switch (command) {
            case "up" -> up();
            default -> {
                System.err.println("unknown command '" + command + "' " + Arrays.toString(args) + "; try: up");
                System.exit(2);
            }
        }
    }

    private static void up() throws InterruptedException {
        PuraConfig config = PuraConfig.fromEnv(System.getenv());
        PuraApp app = PuraApp.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pura-shutdown"));
        System.out.println("Pura gateway ready at " + app.baseUrl() + "  (OpenAI base URL: " + app.baseUrl() + "/v1)");
        stopped.await();
    }
}
