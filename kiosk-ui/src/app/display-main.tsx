import { DisplayApp } from '../features/display/display-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<DisplayApp />);
