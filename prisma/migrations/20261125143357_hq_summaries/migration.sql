-- AlterTable
ALTER TABLE "ExperienceHour" ADD COLUMN "publishedAt" DATETIME;

-- CreateTable
CREATE TABLE "HqBranch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "simulated" BOOLEAN NOT NULL,
    "firstHourStart" DATETIME NOT NULL,
    "lastHourEnd" DATETIME NOT NULL,
    "lastReportAt" DATETIME NOT NULL,
    "hoursReported" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "HqHour" (
    "branchId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "localDate" TEXT NOT NULL,
    "localHour" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "eventId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "aggregate" TEXT NOT NULL,

    PRIMARY KEY ("branchId", "hourStart")
);

-- CreateTable
CREATE TABLE "HqDay" (
    "branchId" TEXT NOT NULL,
    "localDate" TEXT NOT NULL,
    "hours" INTEGER NOT NULL,
    "aggregate" TEXT NOT NULL,
    "issuedByHour" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("branchId", "localDate")
);

-- CreateTable
CREATE TABLE "HqUplink" (
    "branchId" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Branch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'unassigned',
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Branch" ("createdAt", "id", "name", "nameZh", "timezone", "updatedAt") SELECT "createdAt", "id", "name", "nameZh", "timezone", "updatedAt" FROM "Branch";
DROP TABLE "Branch";
ALTER TABLE "new_Branch" RENAME TO "Branch";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "HqHour_localDate_idx" ON "HqHour"("localDate");

-- CreateIndex
CREATE INDEX "HqDay_localDate_idx" ON "HqDay"("localDate");

-- CreateIndex
CREATE UNIQUE INDEX "HqUplink_username_key" ON "HqUplink"("username");

-- CreateIndex
CREATE INDEX "ExperienceHour_final_publishedAt_idx" ON "ExperienceHour"("final", "publishedAt");

