-- The replication user the job reads with: exactly the privileges of the architecture document.
-- RELOAD and LOCK TABLES are not used by the lock-free incremental snapshot but are kept for parity with the
-- documented set (Debezium-style snapshots). Replace the password, or better, create the user from a secret store.
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'change-me';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'cdc'@'%';
