-- CreateTable
CREATE TABLE "AlertStep" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "alertId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "kind" TEXT NOT NULL,
    "staffId" TEXT,
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "StaffPresence" (
    "branchId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "zoneId" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("branchId", "staffId")
);

-- CreateTable
CREATE TABLE "Dispatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "branchId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "staffId" TEXT,
    "outcome" TEXT,
    "createdAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "arrivedAt" DATETIME,
    "resolvedAt" DATETIME,
    "escalatedAt" DATETIME,
    "cancelledAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DispatchOffer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dispatchId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "offeredAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "answer" TEXT,
    "answeredAt" DATETIME,
    CONSTRAINT "DispatchOffer_dispatchId_fkey" FOREIGN KEY ("dispatchId") REFERENCES "Dispatch" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RuleSet" (
    "branchId" TEXT NOT NULL PRIMARY KEY,
    "rules" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "branchId" TEXT NOT NULL,
    "ruleId" TEXT,
    "needsPerson" BOOLEAN NOT NULL DEFAULT false,
    "reason" TEXT,
    "suggestion" TEXT,
    "resolvedBy" TEXT,
    "outcome" TEXT,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "zoneId" TEXT,
    "sourceId" TEXT,
    "status" TEXT NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "openedEventId" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "acknowledgedAt" DATETIME,
    "resolvedAt" DATETIME
);
INSERT INTO "new_Alert" ("acknowledgedAt", "branchId", "dedupKey", "id", "kind", "openedAt", "openedEventId", "resolvedAt", "severity", "sourceId", "status", "updatedAt", "zoneId") SELECT "acknowledgedAt", "branchId", "dedupKey", "id", "kind", "openedAt", "openedEventId", "resolvedAt", "severity", "sourceId", "status", "updatedAt", "zoneId" FROM "Alert";
DROP TABLE "Alert";
ALTER TABLE "new_Alert" RENAME TO "Alert";
CREATE INDEX "Alert_branchId_status_idx" ON "Alert"("branchId", "status");
CREATE INDEX "Alert_dedupKey_status_idx" ON "Alert"("dedupKey", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AlertStep_alertId_at_idx" ON "AlertStep"("alertId", "at");

-- CreateIndex
CREATE INDEX "Dispatch_branchId_status_idx" ON "Dispatch"("branchId", "status");

-- CreateIndex
CREATE INDEX "Dispatch_alertId_idx" ON "Dispatch"("alertId");

-- CreateIndex
CREATE INDEX "DispatchOffer_dispatchId_idx" ON "DispatchOffer"("dispatchId");

-- CreateIndex
CREATE INDEX "DispatchOffer_staffId_answer_idx" ON "DispatchOffer"("staffId", "answer");

