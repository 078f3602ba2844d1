package dev.steadfast.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromedriver, both given by path so Selenium Manager
 * never downloads anything. Tests are skipped, saying why, when the two are not installed
 * ({@code ./steadfast test} installs them when it can).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("steadfast.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("steadfast.chromedriver", "/usr/bin/chromedriver"));

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser open() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need " + CHROMIUM + " and " + DRIVER + " (Debian: apt-get install chromium chromium-driver;"
                        + " ./steadfast test installs them when run as root)");
        Path profile = Files.createTempDirectory("steadfast-chromium");
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1300,2200", "--user-data-dir=" + profile);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    /** Closes each of {@code things} that was opened, in order (a browser test's teardown: browser, console, engine). */
    static void closeAll(AutoCloseable... things) throws Exception {
        for (AutoCloseable t : things) {
            if (t != null) {
                t.close();
            }
        }
    }

    /** Clicks what {@code css} selects, finding it again when the page re-rendered it between finding and clicking. */
    void click(String css) {
        await("a click on " + css, () -> {
            driver.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** Polls {@code condition} for up to 60 s (a busy machine renders slowly; success ends the wait early). */
    void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.get())) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // the page is being re-rendered
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        String page;
        try {
            page = String.valueOf(driver.executeScript("return document.getElementById('app').textContent"));
            screenshot("failure");
        } catch (RuntimeException | IOException e) {
            page = "(unreadable: " + e + ")";
        }
        throw new AssertionError("the page never showed: " + what + "; it shows: " + page, last);
    }

    /** Saves a screenshot as {@code target/<name>.png}. */
    Path screenshot(String name) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path to = Path.of("target", name + ".png");
        Files.createDirectories(to.getParent());
        Files.copy(shot.toPath(), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return to;
    }


    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
