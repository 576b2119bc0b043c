import { generatorFor } from '../base.js';

export default generatorFor({ section: 'production', prompt: 'production/docker' });
