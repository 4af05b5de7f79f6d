-- user_stats_daily: users per signup day and country, correct under inserts, updates, deletes, key changes,
-- replays and re-sent batches. Run in the target database (clickhouse-client --database shop < this file),
-- after the job has created users_changes (clickhouse.changelog.tables must match shop.users).
--
-- Why not the architecture document's plain materialized view over users_raw: users_raw receives every
-- version of a row, so counting its inserts counts a user once per update, and never uncounts a delete or a
-- user who moved to another country. Instead:
--   1. The job writes users_changes: for every change, the image it retracts (is_deleted = 1: the row before
--      an update or delete) and the image it asserts (is_deleted = 0: the row after an insert, update or
--      snapshot read), both with the change's _version.
--   2. A materialized view turns each image into a group membership "user id is (or no longer is) in group
--      (date, country)", versioned so that a later change wins and, within one change, the asserted image
--      wins over the retracted one: member_version = _version * 2 + (is_deleted = 0).
--   3. A ReplacingMergeTree keeps the latest membership per (group, user): duplicates of a change (replays,
--      re-sent batches) carry the same version and collapse, so nothing is counted twice.
--   4. The user_stats_daily view counts live members per group. It reads a narrow table ordered by the
--      group, not the users table.

CREATE TABLE IF NOT EXISTS user_stats_daily_members
(
    date Date32,
    country LowCardinality(String),
    id Int64,
    member_version UInt64,
    is_deleted UInt8
)
ENGINE = ReplacingMergeTree(member_version, is_deleted)
ORDER BY (date, country, id);

CREATE MATERIALIZED VIEW IF NOT EXISTS user_stats_daily_members_mv TO user_stats_daily_members AS
SELECT
    toDate32(created_at) AS date,
    country,
    id,
    _version * 2 + (is_deleted = 0) AS member_version,
    is_deleted
FROM users_changes;

CREATE VIEW IF NOT EXISTS user_stats_daily AS
SELECT date, country, count() AS user_count, uniqExact(id) AS unique_users
FROM user_stats_daily_members FINAL
WHERE is_deleted = 0
GROUP BY date, country;
