-- The replication user the job reads with: exactly the privileges of the architecture document.
-- RELOAD and LOCK TABLES are not used by the lock-free incremental snapshot but are kept for parity with the
-- documented set (Debezium-style snapshots). On a production MySQL, create the user with your own password
-- first (CREATE USER 'cdc'@'%' IDENTIFIED BY '...'), then run this file. docker-compose's development MySQL
-- does exactly that in init-cdc-user.sh, with the password from .env; the 'change-me' below never applies there.
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'change-me';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'cdc'@'%';
