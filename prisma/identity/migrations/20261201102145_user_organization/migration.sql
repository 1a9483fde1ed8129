-- AlterTable
ALTER TABLE "users" ADD COLUMN     "organization_id" UUID;
