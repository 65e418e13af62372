-- `GET /api/ready` tells a load balancer whether this instance may take traffic: the database answers and every
-- migration file shipped with the code is applied. The app role reads which migrations are recorded (nothing else).
GRANT SELECT ON schema_migrations TO funil_app;
