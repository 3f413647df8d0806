"""Print shop operations, one module per part of the domain; views, admin, tasks and the printer
listener all call these."""
