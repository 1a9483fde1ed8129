-- One database per bounded context (docs/architecture.md): a context never reads another context's database.
CREATE DATABASE caregraph_identity;
CREATE DATABASE caregraph_patients;
CREATE DATABASE caregraph_care_team;
CREATE DATABASE caregraph_scheduling;
CREATE DATABASE caregraph_ehr;
CREATE DATABASE caregraph_billing;
CREATE DATABASE caregraph_pharmacy;
CREATE DATABASE caregraph_lab;
CREATE DATABASE caregraph_notifications;
CREATE DATABASE caregraph_audit;
