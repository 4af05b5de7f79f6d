-- What the job creates for MySQL table mydb.users (id BIGINT UNSIGNED PRIMARY KEY, email VARCHAR(190) NOT NULL,
-- name VARCHAR(100), country CHAR(2) NOT NULL, created_at DATETIME(3) NOT NULL, updated_at TIMESTAMP(3) NOT NULL).
CREATE DATABASE IF NOT EXISTS `mydb`;

CREATE TABLE IF NOT EXISTS `mydb`.`users_raw`
(
    `id` UInt64,
    `email` String,
    `name` Nullable(String),
    `country` String,
    `created_at` DateTime64(3, 'UTC'),
    `updated_at` DateTime64(3, 'UTC'),
    `_version` UInt64,
    `is_deleted` UInt8,
    `_binlog_file` LowCardinality(String),
    `_binlog_pos` UInt64,
    `_commit_time` DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(`_version`, `is_deleted`)
ORDER BY (`id`)
SETTINGS non_replicated_deduplication_window = 10000;

-- The current MySQL rows: latest version per key, deletes hidden.
CREATE VIEW IF NOT EXISTS `mydb`.`users` AS
SELECT `id`, `email`, `name`, `country`, `created_at`, `updated_at`
FROM `mydb`.`users_raw` FINAL
WHERE `is_deleted` = 0;
