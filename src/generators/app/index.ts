import { generatorFor } from '../base.js';

// The menu of every prompt, grouped by section: `yo celery-django`.
export default generatorFor({ section: null });
