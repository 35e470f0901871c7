import { PrivacyPage } from '../features/privacy/privacy-page.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<PrivacyPage />);
