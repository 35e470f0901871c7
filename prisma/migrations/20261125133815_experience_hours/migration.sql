-- CreateTable
CREATE TABLE "ExperienceHour" (
    "branchId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "label" TEXT NOT NULL,
    "aggregate" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" DATETIME NOT NULL,

    PRIMARY KEY ("branchId", "hourStart")
);

