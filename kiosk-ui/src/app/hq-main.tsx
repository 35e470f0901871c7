import { HqApp } from '../features/hq/hq-app.tsx';
import { mountPage } from '../shared/mount.tsx';

mountPage(<HqApp />);
