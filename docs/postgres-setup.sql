-- Funil on a PostgreSQL server (15 or newer): what an administrator runs once, as a superuser, with psql.
--
--   psql "postgres://postgres@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=/etc/funil/db-ca.crt" \
--     -v owner_password='…' -v app_password='…' -f docs/postgres-setup.sql
--
-- It makes three roles and the database (docs/OPERATIONS.md, "PostgreSQL server"):
--   funil_owner     LOGIN  owns the database and every table; migrations and the job queue's schema run as it
--                          (DATABASE_OWNER_URL). Not a superuser, cannot create roles or databases.
--   funil_app       NOLOGIN the privileges of the running app: the grants the migrations give it (timeline_events is
--                          INSERT/SELECT only, no DDL anywhere). Every app connection acts as it.
--   funil_app_user  LOGIN  what the running app connects as (DATABASE_URL): a member of funil_app and nothing else.
-- Run it again on a new server only: CREATE ROLE fails when a role exists.

\set ON_ERROR_STOP on

-- Passwords are stored as SCRAM verifiers (the default since PostgreSQL 14; said here for older configurations).
SET password_encryption = 'scram-sha-256';

CREATE ROLE funil_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE funil_app NOLOGIN;
-- The first migration grants funil_app to the role that runs it, and later ones grant funil_app table rights;
-- ADMIN OPTION lets the owner do the first without CREATEROLE.
GRANT funil_app TO funil_owner WITH ADMIN OPTION;
CREATE ROLE funil_app_user LOGIN PASSWORD :'app_password' IN ROLE funil_app;

CREATE DATABASE funil OWNER funil_owner ENCODING 'UTF8' TEMPLATE template0;
-- Only Funil's roles connect to it (PUBLIC may connect to a new database by default).
REVOKE ALL ON DATABASE funil FROM PUBLIC;
GRANT CONNECT ON DATABASE funil TO funil_app;

\connect funil
-- PostgreSQL 15 already gives the public schema to the database owner and denies PUBLIC to create in it; older
-- versions gave it to the bootstrap superuser and let anyone create there.
ALTER SCHEMA public OWNER TO funil_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
