// The table of network clients, in one place: which ones a forked worker cannot share with the
// master that created them (FS202), and which ones repair themselves after fork (no finding).
// Each entry cites the documentation that says so; the table in docs/fork-hazards.md is generated from this.

export interface ForkClient {
  /** The library as people name it: "PyMongo". */
  library: string;
  /** What it makes, after "creates": "a PyMongo client". */
  creates: string;
  /** Qualified names of the constructors, as imported: `pymongo.MongoClient`. */
  constructors: string[];
  /** False when the library repairs itself in a forked child: no finding. */
  forkSafe: boolean;
  /** What goes wrong (or why it is safe), completing "the client ...". */
  behaviour: string;
  /** Where the library's maintainers say so. */
  source: { title: string; url: string };
  /** A keyword argument value that makes the constructor open nothing: `open=False`. */
  lazyWhen?: { keyword: string; value: string };
}

export const FORK_CLIENTS: readonly ForkClient[] = [
  {
    library: "PyMongo",
    creates: "a PyMongo client",
    constructors: ["pymongo.MongoClient", "pymongo.mongo_client.MongoClient", "pymongo.MongoReplicaSetClient"],
    forkSafe: false,
    behaviour: 'starts monitor threads and pools sockets; PyMongo is not fork-safe and warns "MongoClient opened before fork"',
    source: { title: "PyMongo FAQ: Is PyMongo fork-safe?", url: "https://pymongo.readthedocs.io/en/stable/faq.html#is-pymongo-fork-safe" },
  },
  {
    library: "gRPC",
    creates: "a gRPC channel",
    constructors: ["grpc.insecure_channel", "grpc.secure_channel", "grpc.aio.insecure_channel", "grpc.aio.secure_channel"],
    forkSafe: false,
    behaviour: "is closed in the child by gRPC's fork handler (or hangs without fork support), so RPCs fail",
    source: { title: "gRPC: fork support in Python", url: "https://github.com/grpc/grpc/blob/master/doc/fork_support.md" },
  },
  {
    library: "confluent-kafka",
    creates: "a confluent-kafka client",
    constructors: ["confluent_kafka.Producer", "confluent_kafka.Consumer", "confluent_kafka.SerializingProducer", "confluent_kafka.DeserializingConsumer"],
    forkSafe: false,
    behaviour: "runs librdkafka threads that do not survive fork: messages are queued and never sent",
    source: { title: "confluent-kafka-python#351", url: "https://github.com/confluentinc/confluent-kafka-python/issues/351" },
  },
  {
    library: "kafka-python",
    creates: "a kafka-python client",
    constructors: ["kafka.KafkaProducer", "kafka.KafkaConsumer"],
    forkSafe: false,
    behaviour: "sends from a background thread that does not survive fork",
    source: { title: "Python C API: Cautions about fork() (threads do not survive it)", url: "https://docs.python.org/3/c-api/init.html#cautions-about-fork" },
  },
  {
    library: "Elasticsearch",
    creates: "an Elasticsearch client",
    constructors: ["elasticsearch.Elasticsearch", "elasticsearch.AsyncElasticsearch"],
    forkSafe: false,
    behaviour: 'keeps a connection pool that "doesn\'t tolerate fork very well": create a fresh client after fork',
    source: { title: "elasticsearch-py 7.x documentation", url: "https://elasticsearch-py.readthedocs.io/en/7.x/" },
  },
  {
    library: "psycopg 3 pool",
    creates: "a psycopg 3 connection pool",
    constructors: ["psycopg_pool.ConnectionPool", "psycopg_pool.NullConnectionPool", "psycopg_pool.AsyncConnectionPool"],
    forkSafe: false,
    behaviour: "opens its connections and worker threads at creation (open=True); a pool opened before fork cannot be shared by forked workers",
    source: { title: "psycopg#395", url: "https://github.com/psycopg/psycopg/issues/395" },
    lazyWhen: { keyword: "open", value: "False" },
  },
  {
    library: "redis-py",
    creates: "a redis-py client",
    constructors: ["redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url", "redis.ConnectionPool"],
    forkSafe: true,
    behaviour: "checks the process id on every use and resets its pool in a forked child",
    source: { title: "redis-py: ConnectionPool._checkpid", url: "https://github.com/redis/redis-py/blob/master/redis/connection.py" },
  },
];

const BY_CONSTRUCTOR = new Map(FORK_CLIENTS.flatMap((c) => c.constructors.map((name) => [name, c] as const)));

/** The table entry for a qualified constructor name, if any. */
export function forkClientOf(qualified: string): ForkClient | undefined {
  return BY_CONSTRUCTOR.get(qualified);
}

/** Last names of the constructors not safe across fork: a cheap text test before resolving names. */
export const UNSAFE_CLIENT_WORDS: readonly string[] = [
  ...new Set(FORK_CLIENTS.filter((c) => !c.forkSafe).flatMap((c) => c.constructors.map((n) => n.slice(n.lastIndexOf(".") + 1)))),
];
