-- CreateTable
CREATE TABLE "KbSeeded" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "seededAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_KbArticle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "category" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "summaryEn" TEXT NOT NULL,
    "summaryZh" TEXT NOT NULL,
    "stepsEn" TEXT NOT NULL,
    "stepsZh" TEXT NOT NULL,
    "keywordsEn" TEXT NOT NULL,
    "keywordsZh" TEXT NOT NULL,
    "image" TEXT,
    "needs" TEXT NOT NULL DEFAULT '',
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_KbArticle" ("category", "createdAt", "id", "image", "keywordsEn", "keywordsZh", "stepsEn", "stepsZh", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt") SELECT "category", "createdAt", "id", "image", "keywordsEn", "keywordsZh", "stepsEn", "stepsZh", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt" FROM "KbArticle";
DROP TABLE "KbArticle";
ALTER TABLE "new_KbArticle" RENAME TO "KbArticle";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- A knowledge base that has articles was seeded with the first twelve seed articles: they count as
-- seeded, so one an admin deleted is not brought back; the seed's newer articles are added at start.
INSERT INTO "KbSeeded" ("id") SELECT "column1" FROM (VALUES ('lost-card'), ('pin-reset'), ('card-limits'), ('card-not-received'), ('card-kept-by-atm'), ('open-account'), ('update-contact-details'), ('statements-certificates'), ('mobile-banking-activate'), ('mobile-banking-login'), ('security-tips'), ('foreign-exchange')) WHERE EXISTS (SELECT 1 FROM "KbArticle");

-- The first seed's articles answer these needs (the newer seed rewrote them; a branch keeps its own text).
UPDATE "KbArticle" SET "needs" = 'lost_or_stolen_card', "urgent" = true WHERE "id" = 'lost-card';
UPDATE "KbArticle" SET "needs" = 'card_swallowed', "urgent" = true WHERE "id" = 'card-kept-by-atm';
UPDATE "KbArticle" SET "needs" = 'card_arrival card_delivery_estimate' WHERE "id" = 'card-not-received';
UPDATE "KbArticle" SET "needs" = 'pin_blocked change_pin' WHERE "id" = 'pin-reset';
UPDATE "KbArticle" SET "needs" = 'exchange_rate exchange_charge' WHERE "id" = 'foreign-exchange';
UPDATE "KbArticle" SET "needs" = 'edit_personal_details' WHERE "id" = 'update-contact-details';
UPDATE "KbArticle" SET "needs" = 'passcode_forgotten' WHERE "id" = 'mobile-banking-login';
