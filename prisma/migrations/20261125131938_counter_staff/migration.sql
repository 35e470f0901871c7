-- AlterTable
ALTER TABLE "Counter" ADD COLUMN "staffId" TEXT;

