package dev.kafka101.local.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console page in a real browser: Debian's headless Chromium driven through its chromedriver (no browser
 * download). Skips, with one line saying why, where Chromium or chromedriver is not installed.
 */
@EmbeddedKafka(brokers = 3)
class LabConsoleBrowserTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Test
    void stopAndStartBrokerTwoFromThePage(KafkaTestCluster kafka, @TempDir Path profile) throws IOException {
        Optional<String> chromium =
                CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
        assumeTrue(
                chromium.isPresent() && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "chromium or chromedriver not installed (apt-get install -y chromium chromium-driver): browser test skipped");

        String t = kafka.createTopic(3, 3);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1600",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();

        try (LabConsole console = LabConsole.start(kafka.clientProperties(), ConsoleHttp.control(kafka), 0)) {
            WebDriver driver = new ChromeDriver(service, options);
            try {
                driver.get(console.url());
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
                wait.ignoring(StaleElementReferenceException.class); // the page redraws a section when its data changes

                // loads, shows 3 brokers and the topic with full ISRs; node 0 (the controller) cannot be stopped yet
                wait.until(d -> {
                    Map<String, Object> p = page(d, t);
                    return num(p, "brokers") == 3
                            && isrs(p).size() == 3
                            && isrs(p).stream().allMatch(i -> i.split(",").length == 3);
                });
                Map<String, Object> before = page(driver, t);
                assertThat(before.get("controller0")).isEqualTo(true);
                assertThat(before.get("stop0Enabled"))
                        .as("node 0's Stop while 1 and 2 run")
                        .isEqualTo(false);
                assertThat((String) before.get("why0")).contains("stop brokers 1, 2 first");

                // Stop broker 2: it shows down, and every ISR of the topic loses it
                click(wait, "#broker-2 button[data-action=broker-stop]");
                wait.until(d -> {
                    Map<String, Object> p = page(d, t);
                    return "false".equals(p.get("up2"))
                            && "down".equals(p.get("status2"))
                            && num(p, "under") == 3
                            && isrs(p).size() == 3
                            && isrs(p).stream().noneMatch(i -> i.contains("2"));
                });
                screenshot(driver, "console-broker-2-stopped.png");

                // Start it again: up, and back in the ISRs
                wait.until(d -> page(d, t).get("start2Enabled").equals(true));
                click(wait, "#broker-2 button[data-action=broker-start]");
                new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100)).until(d -> {
                    Map<String, Object> p = page(d, t);
                    return "true".equals(p.get("up2"))
                            && isrs(p).size() == 3
                            && isrs(p).stream().allMatch(i -> i.contains("2"));
                });

                List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                        .toList();
                assertThat(errors).as("browser console errors").isEmpty();
            } finally {
                driver.quit();
            }
        }
    }

    private static void click(WebDriverWait wait, String css) {
        wait.until(d -> {
            d.findElement(By.cssSelector(css)).click(); // a redraw between find and click: stale, found again
            return true;
        });
    }

    /** What the page shows, read in one script call (the page redraws sections while we look). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> page(WebDriver driver, String topic) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                const q = (s) => document.querySelector(s);
                const t = `.topic[data-topic="${arguments[0]}"]`;
                const enabled = (s) => !!q(s) && !q(s).disabled;
                return {
                  brokers: document.querySelectorAll('.broker').length,
                  controller0: !!q('#broker-0') && q('#broker-0').textContent.includes('controller'),
                  stop0Enabled: enabled('#broker-0 button[data-action=broker-stop]'),
                  why0: q('#broker-0 .why') ? q('#broker-0 .why').textContent : '',
                  up2: q('#broker-2') ? q('#broker-2').dataset.up : '',
                  status2: q('#broker-2 .status') ? q('#broker-2 .status').textContent : '',
                  start2Enabled: enabled('#broker-2 button[data-action=broker-start]'),
                  isrs: [...document.querySelectorAll(t + ' tr[data-isr]')].map((r) => r.dataset.isr),
                  under: document.querySelectorAll(t + ' tr.under').length
                };""", topic);
    }

    @SuppressWarnings("unchecked")
    private static List<String> isrs(Map<String, Object> page) {
        return (List<String>) page.get("isrs");
    }

    private static long num(Map<String, Object> page, String key) {
        return ((Number) page.get(key)).longValue();
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("console: screenshot " + target.toAbsolutePath());
    }
}
