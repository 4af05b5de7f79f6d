-- The privileges of the replication user 'cdc', exactly what the job uses (README, Security):
--   REPLICATION SLAVE   read the binlog (only grantable ON *.*)
--   REPLICATION CLIENT  read the binlog position: SHOW MASTER STATUS / SHOW BINARY LOGS (only grantable ON *.*;
--                       MariaDB shows it as BINLOG MONITOR)
--   SELECT ON <db>.*    the snapshot, the table schemas and `bin/validate`, per captured database
-- This file never creates the user: create it first with a password of your own,
--   CREATE USER 'cdc'@'<the job's host or %>' IDENTIFIED BY '<password>' REQUIRE SSL;
-- (docker-compose's development MySQL does that in init-cdc-user.sh with MYSQL_CDC_PASSWORD from .env; the local
-- stack's MariaDB with a generated password). A GRANT to a missing user fails, so a typo never leaves an open user.
-- Replace `shop` by your captured databases, one line each; `bin/check` names missing and excess privileges.
GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%';
GRANT SELECT ON `shop`.* TO 'cdc'@'%';
