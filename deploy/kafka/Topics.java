import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * kafka.sh's topic helper, run as a single-file source program on the broker classpath:
 *
 * <pre>java -cp CLASSPATH Topics.java BOOTSTRAP [name:partitions ...]</pre>
 *
 * Creates the named topics that do not exist yet (replication factor 1), then prints every
 * non-internal topic with its partition count. Exits 1 with a message on any error.
 */
public class Topics {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Topics.java BOOTSTRAP [name:partitions ...]");
            System.exit(2);
        }
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (spec.length != 2) {
                    throw new IllegalArgumentException(
                            "topic spec must be name:partitions, was '" + args[i] + "'");
                }
                if (!existing.contains(spec[0])) {
                    missing.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
                for (NewTopic t : missing) {
                    System.out.println("created " + t.name() + " (" + t.numPartitions() + ")");
                }
            }
            Set<String> names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            Map<String, TopicDescription> all =
                    new TreeMap<>(
                            admin.describeTopics(names)
                                    .allTopicNames()
                                    .get(20, TimeUnit.SECONDS));
            for (TopicDescription d : all.values()) {
                System.out.printf("%-24s partitions=%d%n", d.name(), d.partitions().size());
            }
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            System.err.println("kafka topics: " + e + (root == e ? "" : " (" + root + ")"));
            System.exit(1);
        }
    }
}
