-- Flink SQL table over meshloop.decisions (format: schemas/src/main/resources/schemas/decision.schema.json).
-- Read with isolation.level=read_committed: decisions are written in Kafka transactions and only
-- committed ones are decisions. integration-tests/.../DecisionsPipelineIT runs this statement.
CREATE TABLE decisions (
  `id`        STRING,
  `time`      BIGINT,
  `policy`    STRING,
  `loop`      STRING,
  `target`    ROW<`namespace` STRING, `service` STRING, `version` STRING, `route` STRING,
                  `instance` STRING, `caller` STRING, `locality` STRING>,
  `action`    STRING,
  `desired`   ROW<`weights` ARRAY<ROW<`version` STRING, `percent` INT>>,
                  `timeout_millis` BIGINT, `replicas` INT>,
  `mode`      STRING,
  `summary`   STRING,
  `evidence`  ARRAY<ROW<`name` STRING, `value` DOUBLE, `threshold` DOUBLE, `unit` STRING, `detail` STRING>>,
  `revert_of` STRING,
  `ts` AS TO_TIMESTAMP_LTZ(`time`, 3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'meshloop.decisions',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'json',
  'json.fail-on-missing-field' = 'false',
  'json.ignore-parse-errors' = 'false'
);
