import { KioskApp } from '../features/kiosk/kiosk-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<KioskApp />);
