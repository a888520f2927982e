package dev.lakehouse.jobs.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic STEDI step-trainer landing data: JSON lines under {@code customer/}, {@code
 * accelerometer/} and {@code step_trainer/}, with the field names, casing and byte layout of the
 * real landing zone:
 *
 * <ul>
 *   <li>customer (Python {@code json.dumps} layout): {@code customerName, email, phone, birthDay,
 *       serialNumber, registrationDate, lastUpdateDate} and the consent dates {@code
 *       shareWithResearchAsOfDate, shareWithPublicAsOfDate, shareWithFriendsAsOfDate}. As in the
 *       real export, a consent date that was never given is absent from the line (a reader sees
 *       NULL), not written as {@code null}.
 *   <li>accelerometer (compact): {@code user} (the customer's email), {@code timestamp}, {@code x,
 *       y, z}.
 *   <li>step_trainer (compact): {@code sensorReadingTime, serialNumber, distanceFromObject}.
 * </ul>
 *
 * <p>Times are epoch milliseconds. Each customer's readings fall in a time window of their own, so
 * an accelerometer {@code timestamp} equals a {@code sensorReadingTime} only for readings of the
 * same customer, and the machine-learning join on time alone is the join per customer. About half
 * the customers consented to research; some have no phone (no accelerometer readings) or no device.
 *
 * <p>The source ids are {@code email} and {@code serialNumber} (both unique per customer).
 * Everything is a function of {@code (customers, seed)}.
 */
public final class IotGenerator {
  public static final int CUSTOMER_FILES = 2;
  public static final int ACCELEROMETER_FILES = 4;
  public static final int STEP_TRAINER_FILES = 3;

  /** 2022-06-18T14:53:20Z: the customers register ten minutes apart from here. */
  private static final long FIRST_SLOT = 1_655_564_000_000L;

  private static final long SLOT_MILLIS = 600_000L;
  private static final long CUSTOMER_STREAM = 0x43555354L;
  private static final long NAME_STREAM = 0x4E414D45L;
  private static final long SERIAL_KEY = 0x53455249414CL;
  private static final double[] READINGS_PER_MOMENT = Rng.cumulative(10, 55, 25, 10);
  private static final double[] AXIS = {-1.0, 0.0, 1.0};

  private IotGenerator() {}

  /** What each landing folder holds. {@code sourceIds}: distinct emails or serial numbers. */
  public record Landing(Summary customer, Summary accelerometer, Summary stepTrainer) {
    public Summary total() {
      return customer.plus(accelerometer).plus(stepTrainer);
    }
  }

  /**
   * The row counts of every zone of {@code examples/iot/datasets.yaml}.
   *
   * @param customers landing customers
   * @param consentingCustomers customers with {@code shareWithResearchAsOfDate}: customer_trusted
   * @param curatedCustomers consenting customers with accelerometer readings: customers_curated
   * @param accelerometerRows landing accelerometer readings
   * @param trustedAccelerometerRows readings of consenting customers: accelerometer_trusted
   * @param stepTrainerRows landing step-trainer readings
   * @param trustedStepTrainerRows readings of curated customers' devices: step_trainer_trusted
   * @param machineLearningRows step_trainer_trusted joined to accelerometer_trusted on {@code
   *     timestamp = sensorReadingTime}: machine_learning_curated
   */
  public record Expected(
      long customers,
      long consentingCustomers,
      long curatedCustomers,
      long accelerometerRows,
      long trustedAccelerometerRows,
      long stepTrainerRows,
      long trustedStepTrainerRows,
      long machineLearningRows) {}

  /** One accelerometer reading. */
  record Acceleration(double x, double y, double z) {}

  /** A moment when the phone, the device or both took readings. */
  record Moment(long time, List<Acceleration> accelerations, Integer distance) {}

  /** A customer, with their consent dates ({@code null}: not given) and readings. */
  record Customer(
      String name,
      String email,
      String birthDay,
      String serialNumber,
      long registrationDate,
      long lastUpdateDate,
      Long research,
      Long publicSharing,
      Long friendsSharing,
      List<Moment> moments) {
    int accelerometerRows() {
      int n = 0;
      for (Moment m : moments) {
        n += m.accelerations.size();
      }
      return n;
    }

    int stepTrainerRows() {
      int n = 0;
      for (Moment m : moments) {
        n += m.distance == null ? 0 : 1;
      }
      return n;
    }

    int joinRows() {
      int n = 0;
      for (Moment m : moments) {
        n += m.distance == null ? 0 : m.accelerations.size();
      }
      return n;
    }
  }

  /**
   * Writes {@code outDir/customer/}, {@code outDir/accelerometer/}, {@code outDir/step_trainer/}.
   */
  public static Landing write(Path outDir, int customers, long seed) {
    checkCustomers(customers);
    try (Zone customerZone = new Zone(outDir.resolve("customer"), "customer", CUSTOMER_FILES);
        Zone accelerometerZone =
            new Zone(outDir.resolve("accelerometer"), "accelerometer", ACCELEROMETER_FILES);
        Zone stepZone =
            new Zone(outDir.resolve("step_trainer"), "step_trainer", STEP_TRAINER_FILES)) {
      for (int i = 1; i <= customers; i++) {
        Customer c = customer(i, seed);
        customerZone.line(i, customers, customerLine(c));
        customerZone.sourceId();
        for (Moment m : c.moments) {
          for (Acceleration a : m.accelerations) {
            accelerometerZone.line(i, customers, accelerationLine(c, m, a));
          }
          if (m.distance != null) {
            stepZone.line(i, customers, stepLine(c, m));
          }
        }
        if (c.accelerometerRows() > 0) {
          accelerometerZone.sourceId();
        }
        if (c.stepTrainerRows() > 0) {
          stepZone.sourceId();
        }
      }
      customerZone.finish();
      accelerometerZone.finish();
      stepZone.finish();
      return new Landing(customerZone.summary(), accelerometerZone.summary(), stepZone.summary());
    }
  }

  /** The counts {@link #write} produces, computed without writing anything. */
  public static Expected expected(int customers, long seed) {
    checkCustomers(customers);
    long consenting = 0;
    long curated = 0;
    long accelerometer = 0;
    long trustedAccelerometer = 0;
    long stepTrainer = 0;
    long trustedStepTrainer = 0;
    long machineLearning = 0;
    for (int i = 1; i <= customers; i++) {
      Customer c = customer(i, seed);
      accelerometer += c.accelerometerRows();
      stepTrainer += c.stepTrainerRows();
      if (c.research != null) {
        consenting++;
        trustedAccelerometer += c.accelerometerRows();
        if (c.accelerometerRows() > 0) {
          curated++;
          trustedStepTrainer += c.stepTrainerRows();
          machineLearning += c.joinRows();
        }
      }
    }
    return new Expected(
        customers,
        consenting,
        curated,
        accelerometer,
        trustedAccelerometer,
        stepTrainer,
        trustedStepTrainer,
        machineLearning);
  }

  private static void checkCustomers(int customers) {
    if (customers < 0 || customers > 10_000_000) {
      throw new IllegalArgumentException("customers must lie in 0..10000000: " + customers);
    }
  }

  /** Customer {@code index} (from 1) and all their readings. */
  static Customer customer(int index, long seed) {
    Rng r = Rng.of(seed, CUSTOMER_STREAM, index);
    String[] name = name(index, seed);
    String fullName = name[0] + " " + name[1];
    String email = name[0] + "." + name[1] + name[2] + "@test.com";
    String birthDay = String.format(Locale.ROOT, "%04d-01-01", r.between(1930, 2006));
    String serial = serialNumber(index, seed, r);
    long slot = FIRST_SLOT + (index - 1) * SLOT_MILLIS;
    long registration = slot + r.nextInt(60_000);
    long lastUpdate = r.chance(0.8) ? registration : registration + r.between(1_000, 40_000);
    Long research = r.chance(0.5) ? lastUpdate : null;
    Long publicSharing = r.chance(0.5) ? lastUpdate : null;
    Long friendsSharing = r.chance(0.5) ? lastUpdate : null;
    boolean phone = r.chance(0.85);
    boolean device = r.chance(0.9);
    int count = r.between(5, 30);
    List<Moment> moments = new ArrayList<>(count);
    // Readings start after registration and stay inside the customer's ten-minute slot:
    // 60 s + 5 s + 30 * 3 s < 600 s.
    long time = registration + 5_000;
    for (int k = 0; k < count; k++) {
      time += r.between(200, 3_000);
      int readings = phone ? r.weighted(READINGS_PER_MOMENT) : 0;
      List<Acceleration> accelerations = new ArrayList<>(readings);
      for (int a = 0; a < readings; a++) {
        accelerations.add(new Acceleration(axis(r), axis(r), axis(r)));
      }
      Integer distance = device && r.chance(0.85) ? r.between(201, 300) : null;
      moments.add(new Moment(time, List.copyOf(accelerations), distance));
    }
    return new Customer(
        fullName,
        email,
        birthDay,
        serial,
        registration,
        lastUpdate,
        research,
        publicSharing,
        friendsSharing,
        List.copyOf(moments));
  }

  private static double axis(Rng r) {
    return AXIS[r.nextInt(AXIS.length)];
  }

  /** {first, last, suffix}: distinct "first.last suffix" for every index of a seed. */
  private static String[] name(int index, long seed) {
    int space = FIRST_NAMES.size() * LAST_NAMES.size();
    long offset = Rng.of(seed, NAME_STREAM).nextLong() >>> 1;
    // 7919 is prime, so coprime to the 2500 = 2^2 * 5^4 names: the map is a bijection.
    int block = (index - 1) / space;
    int p = (int) Math.floorMod(7_919L * ((index - 1) % space) + offset, (long) space);
    return new String[] {
      FIRST_NAMES.get(p % FIRST_NAMES.size()),
      LAST_NAMES.get(p / FIRST_NAMES.size()),
      block == 0 ? "" : Integer.toString(block)
    };
  }

  /**
   * A version-4 UUID whose low 48 bits are a bijection of the index, so serial numbers never
   * repeat.
   */
  private static String serialNumber(int index, long seed, Rng r) {
    long mask = 0xFFFF_FFFF_FFFFL;
    long x = (index ^ Rng.mix64(seed ^ SERIAL_KEY)) & mask;
    x = (x * 0x9E3779B97F4BL) & mask; // odd: invertible modulo 2^48
    x ^= x >>> 24;
    x = (x * 0xBF58476D1CE5L) & mask;
    x ^= x >>> 21;
    long low = (r.nextLong() & 0x3FFF_0000_0000_0000L) | 0x8000_0000_0000_0000L | x;
    return Rng.uuid(r.nextLong(), low);
  }

  private static byte[] customerLine(Customer c) {
    ObjectNode n = JsonOut.MAPPER.createObjectNode();
    n.put("customerName", c.name);
    n.put("email", c.email);
    n.put("phone", "8015551212");
    n.put("birthDay", c.birthDay);
    n.put("serialNumber", c.serialNumber);
    n.put("registrationDate", c.registrationDate);
    n.put("lastUpdateDate", c.lastUpdateDate);
    if (c.research != null) {
      n.put("shareWithResearchAsOfDate", c.research);
    }
    if (c.publicSharing != null) {
      n.put("shareWithPublicAsOfDate", c.publicSharing);
    }
    if (c.friendsSharing != null) {
      n.put("shareWithFriendsAsOfDate", c.friendsSharing);
    }
    return JsonOut.python(n);
  }

  private static byte[] accelerationLine(Customer c, Moment m, Acceleration a) {
    ObjectNode n = JsonOut.MAPPER.createObjectNode();
    n.put("user", c.email);
    n.put("timestamp", m.time);
    n.put("x", a.x);
    n.put("y", a.y);
    n.put("z", a.z);
    return JsonOut.compact(n);
  }

  private static byte[] stepLine(Customer c, Moment m) {
    ObjectNode n = JsonOut.MAPPER.createObjectNode();
    n.put("sensorReadingTime", m.time);
    n.put("serialNumber", c.serialNumber);
    n.put("distanceFromObject", m.distance.intValue());
    return JsonOut.compact(n);
  }

  /**
   * One landing folder. Customers are split into {@code files} contiguous ranges; each range's
   * lines go to one file, written under a temporary name and renamed when complete. A range without
   * lines writes no file.
   */
  private static final class Zone implements AutoCloseable {
    private final Path dir;
    private final String prefix;
    private final int files;
    private int current = -1;
    private Path temporary;
    private OutputStream out;
    private int written;
    private long bytes;
    private long rows;
    private long sourceIds;

    Zone(Path dir, String prefix, int files) {
      this.dir = dir;
      this.prefix = prefix;
      this.files = files;
      JsonOut.createDirectories(dir);
    }

    void line(int customer, int customers, byte[] line) {
      int file = (int) ((customer - 1L) * Math.min(files, customers) / customers);
      try {
        if (file != current) {
          finish();
          current = file;
          temporary = dir.resolve("." + fileName(file) + ".tmp");
          out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16);
        }
        out.write(line);
        out.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
      }
      bytes += line.length + 1;
      rows++;
    }

    void sourceId() {
      sourceIds++;
    }

    private String fileName(int file) {
      return String.format(Locale.ROOT, "%s-%06d.json", prefix, file + 1);
    }

    void finish() {
      if (out == null) {
        return;
      }
      Path target = dir.resolve(fileName(current));
      try {
        out.close();
        out = null;
        try {
          Files.move(
              temporary,
              target,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
      }
      written++;
    }

    Summary summary() {
      return new Summary(written, bytes, rows, sourceIds);
    }

    @Override
    public void close() {
      if (out != null) {
        try {
          out.close();
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // the original failure is what matters
        }
        out = null;
      }
    }
  }

  private static final List<String> FIRST_NAMES =
      List.of(
          "Ada", "Alan", "Alicia", "Amir", "Ana", "Ben", "Bianca", "Carlos", "Chen", "Clara",
          "Daniel", "Dara", "Elena", "Emeka", "Farah", "Felix", "Grace", "Hana", "Hugo", "Ines",
          "Ivan", "Jada", "Jonas", "Kai", "Keiko", "Lars", "Leila", "Luca", "Maya", "Mateo",
          "Nadia", "Noah", "Olga", "Omar", "Priya", "Quinn", "Rafael", "Rosa", "Sam", "Sofia",
          "Tariq", "Tessa", "Uma", "Victor", "Wen", "Xavier", "Yara", "Yusuf", "Zane", "Zoe");

  private static final List<String> LAST_NAMES =
      List.of(
          "Abbott",
          "Adeyemi",
          "Alvarez",
          "Bakker",
          "Banerjee",
          "Brooks",
          "Castillo",
          "Chowdhury",
          "Costa",
          "Dalton",
          "Diaz",
          "Eriksen",
          "Fischer",
          "Fujita",
          "Garcia",
          "Haddad",
          "Hansen",
          "Ito",
          "Jensen",
          "Kahn",
          "Kowalski",
          "Larsen",
          "Lopez",
          "Mbeki",
          "Moreau",
          "Murphy",
          "Nakamura",
          "Novak",
          "Okafor",
          "Olsen",
          "Park",
          "Patel",
          "Quintero",
          "Rossi",
          "Santos",
          "Schmidt",
          "Silva",
          "Singh",
          "Sullivan",
          "Tanaka",
          "Torres",
          "Umar",
          "Vargas",
          "Varga",
          "Weber",
          "Wright",
          "Xu",
          "Yilmaz",
          "Young",
          "Zhang");
}
